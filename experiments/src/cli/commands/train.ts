import { parse as parseYaml } from 'yaml';
import { MODEL_IDS } from '@hdr-lab/models';
import { startEngine, type EngineCliOptions } from '../engine-options.js';
import { UsageError } from '../errors.js';
import type { CliOutput } from '../output.js';
import { loadTrainConfig } from '../../train/train-config.js';
import { trainFromConfig } from '../../train/run-train.js';

export interface TrainCommandOptions extends EngineCliOptions {
  readonly model?: string;
  readonly config: string;
  readonly set?: readonly string[];
  readonly steps?: number;
  readonly restart?: boolean;
}

/** `--set loss.gan.alpha=0.01`: the value is read as YAML, so numbers, booleans and lists keep their types. */
export function parseSetOverrides(settings: readonly string[]): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const setting of settings) {
    const match = /^([A-Za-z0-9_.-]+)=(.*)$/s.exec(setting);
    if (!match) throw new UsageError(`--set '${setting}' is not of the form PATH=VALUE (e.g. --set loss.gan.enabled=false)`);
    overrides[match[1]!] = match[2] === '' ? '' : parseYaml(match[2]!);
  }
  return overrides;
}

export async function runTrain(options: TrainCommandOptions, output: CliOutput): Promise<number> {
  if (options.model !== undefined && !MODEL_IDS.includes(options.model)) throw new UsageError(`--model '${options.model}' is not a model; known: ${MODEL_IDS.join(', ')}`);
  const overrides = parseSetOverrides(options.set ?? []);
  const loaded = await loadTrainConfig(options.config);
  const engine = await startEngine({ ...options, ...(options.backend === undefined && loaded.config.backend ? { backend: loaded.config.backend } : {}) }, output);
  const controller = new AbortController();
  const stop = () => {
    output.err('stopping after this step and writing a checkpoint (Ctrl-C again to abort at once)');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', stop);
  try {
    const summary = await trainFromConfig({
      loaded,
      ...(options.model ? { modelFlag: options.model } : {}),
      overrides,
      ...(options.steps ? { steps: options.steps } : {}),
      ...(options.restart ? { restart: true } : {}),
      engine,
      log: (line) => output.err(line),
      signal: controller.signal,
    });
    const change =
      summary.firstTotal !== undefined && summary.lastTotal !== undefined
        ? `; total loss ${summary.firstTotal.toPrecision(4)} -> ${summary.lastTotal.toPrecision(4)} (${(((summary.lastTotal - summary.firstTotal) / summary.firstTotal) * 100).toFixed(1)}%)`
        : '';
    output.out(
      `${summary.stopped ? 'stopped' : 'trained'} ${summary.modelId} to step ${summary.step} in ${summary.seconds.toFixed(1)} s${change}; checkpoint in ${summary.out}/checkpoint`,
    );
    return summary.stopped ? 130 : 0;
  } finally {
    process.removeListener('SIGINT', stop);
  }
}
