import { loadPrepareConfig, prepare } from '@hdr-lab/datasets';
import type { CliOutput } from '../output.js';

/** Builds (or reuses) the prepared training set a config describes. */
export async function runPrepare(configPath: string, output: CliOutput): Promise<void> {
  const config = await loadPrepareConfig(configPath);
  const started = performance.now();
  const summary = await prepare(config, (done, total, source) => {
    if (source) output.err(`[${done + 1}/${total}] ${source}`);
  });
  for (const { source, reason } of summary.skipped) output.err(`skipped ${source}: ${reason}`);
  const seconds = (performance.now() - started) / 1000;
  output.out(
    summary.reused
      ? `${summary.out}: already prepared with identity ${summary.identity.slice(0, 12)} (${summary.samples} samples); nothing to do`
      : `${summary.out}: ${summary.samples} samples (${summary.train} train, ${summary.test} test) in ${seconds.toFixed(1)} s, identity ${summary.identity.slice(0, 12)}`,
  );
}
