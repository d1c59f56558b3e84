import { ConfigError, parseSetAssignments } from '@hdr-lab/core';
import { MODEL_IDS } from '@hdr-lab/models';
import { startEngine, type EngineCliOptions } from '../engine-options.js';
import { UsageError } from '../errors.js';
import type { CliOutput } from '../output.js';
import { loadTrainConfig } from '../../train/train-config.js';
import { trainFromConfig } from '../../train/run-train.js';
import { interruptOnCtrlC } from '../interrupt.js';

export interface TrainCommandOptions extends EngineCliOptions {
  readonly model?: string;
  readonly config: string;
  readonly set?: readonly string[];
  readonly steps?: number;
  readonly restart?: boolean;
}

/** A malformed `--set` is a usage mistake (exit 2), not a config file problem. */
export function setOverrides(assignments: readonly string[]): Record<string, unknown> {
  try {
    return parseSetAssignments(assignments);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

export async function runTrain(options: TrainCommandOptions, output: CliOutput): Promise<number> {
  if (options.model !== undefined && !MODEL_IDS.includes(options.model)) throw new UsageError(`--model '${options.model}' is not a model; known: ${MODEL_IDS.join(', ')}`);
  const overrides = setOverrides(options.set ?? []);
  const loaded = await loadTrainConfig(options.config);
  const engine = await startEngine({ ...options, ...(options.backend === undefined && loaded.config.backend ? { backend: loaded.config.backend } : {}) }, output);
  const interrupt = interruptOnCtrlC(output, 'stopping after this step and writing a checkpoint (Ctrl-C again to abort at once)');
  try {
    const summary = await trainFromConfig({
      loaded,
      ...(options.model ? { modelFlag: options.model } : {}),
      overrides,
      ...(options.steps ? { steps: options.steps } : {}),
      ...(options.restart ? { restart: true } : {}),
      engine,
      log: (line) => output.err(line),
      signal: interrupt.signal,
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
    interrupt.dispose();
  }
}
