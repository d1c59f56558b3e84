import { BACKEND_CHOICES, describeEngine, initEngine, type BackendChoice, type EngineInfo } from '@hdr-lab/core';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliOutput } from './output.js';

export interface EngineCliOptions {
  readonly backend?: BackendChoice;
  readonly threads?: number;
}

function parseThreads(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number of threads, 1 or more.');
  return parsed;
}

/** The compute-engine flags every command that trains or evaluates takes. */
export function addEngineOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--backend <name>', 'compute backend (default: HDR_LAB_BACKEND, else auto: tfjs-node-gpu, tfjs-node, wasm, cpu)').choices(
        BACKEND_CHOICES,
      ),
    )
    .option('--threads <n>', 'wasm threads (default: HDR_LAB_THREADS, else every core)', parseThreads);
}

/** Starts the engine and prints, once, what it runs on and why other backends were passed over. */
export async function startEngine(options: EngineCliOptions, output: CliOutput): Promise<EngineInfo> {
  const info = await initEngine({
    ...(options.backend ? { backend: options.backend } : {}),
    ...(options.threads ? { threads: options.threads } : {}),
    onWarning: (message) => output.err(`warning: ${message}`),
  });
  output.err(`engine: ${describeEngine(info)}`);
  return info;
}
