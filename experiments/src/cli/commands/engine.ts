import { timeReferenceTrainingStep } from '@hdr-lab/core';
import { startEngine, type EngineCliOptions } from '../engine-options.js';
import type { CliOutput } from '../output.js';

export interface EngineCommandOptions extends EngineCliOptions {
  readonly json?: boolean;
  /** Image size at which to time a training step; no benchmark when absent. */
  readonly benchmark?: number;
}

/** Reports the engine selection and, on request, what a training step of the reference network costs here. */
export async function runEngine(options: EngineCommandOptions, output: CliOutput): Promise<void> {
  const info = await startEngine(options, output);
  const timing = options.benchmark
    ? timeReferenceTrainingStep({ size: options.benchmark, onStep: (done, total) => output.err(`benchmark step ${done}/${total}`) })
    : undefined;
  if (options.json) {
    output.out(JSON.stringify({ ...info, ...(timing ? { benchmark: timing } : {}) }));
    return;
  }
  for (const reason of info.skipped) output.out(`skipped ${reason}`);
  if (timing) {
    output.out(
      `reference network, batch ${timing.batch} at ${timing.size}x${timing.size}, Adam: ${timing.minMs.toFixed(0)} ms per ` +
        `training step (min of ${timing.steps}; median ${timing.medianMs.toFixed(0)} ms)`,
    );
  }
}
