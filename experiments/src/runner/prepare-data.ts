import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '@hdr-lab/core';
import { loadPrepareConfig, prepare } from '@hdr-lab/datasets';
import type { ExperimentConfig } from '../experiment/config.js';

export interface PreparedData {
  readonly dir: string;
  /** The prepared set's identity (hash of its config and input files): the data manifest of every trial. */
  readonly identity: string;
  readonly reused: boolean;
}

/** Prepares the experiment's data (an unchanged preparation is reused) or checks a prepared folder. */
export async function prepareExperimentData(config: Pick<ExperimentConfig, 'data'>, source: string, log: (line: string) => void): Promise<PreparedData> {
  if (config.data.prepare) {
    const summary = await prepare(await loadPrepareConfig(config.data.prepare), (done, total, file) => {
      if (file) log(`prepare [${done + 1}/${total}] ${file}`);
    });
    return { dir: summary.out, identity: summary.identity, reused: summary.reused };
  }
  const dir = config.data.prepared!;
  try {
    const { identity } = JSON.parse(await readFile(join(dir, 'prepared.json'), 'utf8')) as { identity: string };
    return { dir, identity, reused: true };
  } catch {
    throw new ConfigError(`${source}: data.prepared: '${dir}' is not a prepared set (no prepared.json); run hdr-lab prepare first or name a preparation config in data.prepare`);
  }
}
