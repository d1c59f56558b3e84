import { applySettingsDiff, ConfigError, loadLayeredYaml, validateConfig } from '@hdr-lab/core';
import type { ExperimentConfig } from '../../experiment/config.js';
import { dataSourceSchema } from '../../train/train-config.js';
import { describeExperiment, loadExperiment, resolveExperimentPaths } from '../../experiment/load.js';
import { prepareExperimentData } from '../../runner/prepare-data.js';
import { writeExperimentSummary } from '../../runner/report.js';
import { runExperiment } from '../../runner/run-experiment.js';
import type { EngineCliOptions } from '../engine-options.js';
import { EXIT_FAILURE, UsageError } from '../errors.js';
import type { CliOutput } from '../output.js';
import { setOverrides } from './train.js';
import { interruptOnCtrlC } from '../interrupt.js';

export interface ExperimentCommandOptions extends EngineCliOptions {
  readonly config: string;
  readonly set?: readonly string[];
  readonly dryRun?: boolean;
  readonly new?: boolean;
  readonly only?: readonly string[];
  readonly evaluateOnly?: boolean;
  readonly workers?: number;
}

/** The experiment with --set and --workers applied (a malformed --set is a usage error). */
async function load(options: ExperimentCommandOptions) {
  const assignments = [...(options.set ?? []), ...(options.workers === undefined ? [] : [`runner.workers=${options.workers}`])];
  setOverrides(assignments);
  return loadExperiment(options.config, assignments);
}

/** `hdr-lab ablation` / `hdr-lab sweep`: run (or resume) every trial, then print the results table. */
export async function runExperimentCommand(kind: 'ablation' | 'sweep' | undefined, options: ExperimentCommandOptions, output: CliOutput, root: string): Promise<number> {
  const loaded = await load(options);
  if (options.dryRun) {
    output.out(describeExperiment(loaded));
    return 0;
  }
  if (options.new && options.evaluateOnly) throw new UsageError('--new starts the experiment again, so there is nothing trained to --evaluate-only; give one of them');
  const interrupt = interruptOnCtrlC(output, 'stopping: each running trial checkpoints after its current step (Ctrl-C again to abort at once)');
  try {
    const summary = await runExperiment({
      loaded,
      ...(kind ? { kind } : {}),
      root,
      output,
      signal: interrupt.signal,
      ...(options.new ? { startNew: true } : {}),
      ...(options.evaluateOnly ? { evaluateOnly: true } : {}),
      ...(options.only?.length ? { only: options.only } : {}),
      ...(options.backend ? { backend: options.backend } : {}),
      ...(options.threads ? { threads: options.threads } : {}),
    });
    if (summary.table) output.out(summary.table);
    output.out(
      `${loaded.config.name}: ${summary.completed.length} trial(s) run, ${summary.skipped.length} already done, ${summary.failed.length} failed` +
        `${summary.interrupted ? ', interrupted' : ''} in ${summary.seconds.toFixed(0)} s; report: ${summary.reportDir}/report.html`,
    );
    return summary.interrupted ? 130 : summary.failed.length > 0 ? EXIT_FAILURE : 0;
  } finally {
    interrupt.dispose();
  }
}

/**
 * `hdr-lab data`: prepares the data an experiment or train config names (an unchanged preparation is
 * reused); Nx runs it as the cacheable `prepare` step before `ablation`, `sweep`, `train` and `eval`.
 */
export async function runDataCommand(options: { config: string; set?: readonly string[] }, output: CliOutput): Promise<number> {
  const { document, files } = await loadLayeredYaml(options.config, { resolvePaths: resolveExperimentPaths });
  const overrides = setOverrides(options.set ?? []);
  const data = validateConfig(dataSourceSchema, resolveExperimentPaths(applySettingsDiff(document, overrides, '--set'), process.cwd())['data'], `${files[0]}: data`);
  const prepared = await prepareExperimentData({ data } as Pick<ExperimentConfig, 'data'>, options.config, (line) => output.err(line));
  output.out(`data: ${prepared.dir} (${prepared.reused ? 'reused' : 'prepared'}; manifest ${prepared.identity})`);
  return 0;
}

/** `hdr-lab report`: rewrites an experiment's report from what its trials left on disk, running nothing. */
export async function runReportCommand(options: ExperimentCommandOptions, output: CliOutput): Promise<number> {
  const loaded = await load(options);
  if (!loaded.config.data.prepared && !loaded.config.data.prepare) throw new ConfigError(`${options.config}: no data section`);
  const data = await prepareExperimentData(loaded.config, loaded.file, (line) => output.err(line));
  const { dir, table } = await writeExperimentSummary(loaded, data.dir);
  output.out(table);
  output.out(`report: ${dir}/report.html`);
  return 0;
}
