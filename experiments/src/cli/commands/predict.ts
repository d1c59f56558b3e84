import { MODEL_IDS } from '@hdr-lab/models';
import { startEngine, type EngineCliOptions } from '../engine-options.js';
import { UsageError } from '../errors.js';
import type { CliOutput } from '../output.js';
import { predictFromCheckpoint, type LdrEncoding } from '../../train/run-predict.js';

export interface PredictCommandOptions extends EngineCliOptions {
  readonly model: string;
  readonly checkpoint: string;
  readonly tile?: number;
  readonly ldrEncoding?: LdrEncoding;
  readonly times?: number[];
}

/** `paths` is the input(s) followed by the output, as `hdr-lab predict ... <in...> <out>` takes them. */
export async function runPredict(paths: readonly string[], options: PredictCommandOptions, output: CliOutput): Promise<void> {
  if (!MODEL_IDS.includes(options.model)) throw new UsageError(`--model '${options.model}' is not a model; known: ${MODEL_IDS.join(', ')}`);
  if (paths.length < 2) throw new UsageError(`give the input(s) and then the output file, got only ${paths[0] ?? 'nothing'}`);
  const inputs = paths.slice(0, -1);
  const out = paths[paths.length - 1]!;
  await startEngine(options, output);
  const result = await predictFromCheckpoint({
    modelId: options.model,
    checkpoint: options.checkpoint,
    inputs,
    output: out,
    ...(options.times === undefined ? {} : { times: options.times }),
    ...(options.tile === undefined ? {} : { tile: options.tile }),
    ...(options.ldrEncoding === undefined ? {} : { ldrEncoding: options.ldrEncoding }),
    log: (line) => output.err(line),
  });
  output.out(`${out}: ${result.width}x${result.height} linear HDR in ${result.seconds.toFixed(2)} s`);
}
