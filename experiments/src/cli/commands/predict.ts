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
}

export async function runPredict(input: string, out: string, options: PredictCommandOptions, output: CliOutput): Promise<void> {
  if (!MODEL_IDS.includes(options.model)) throw new UsageError(`--model '${options.model}' is not a model; known: ${MODEL_IDS.join(', ')}`);
  await startEngine(options, output);
  const result = await predictFromCheckpoint({
    modelId: options.model,
    checkpoint: options.checkpoint,
    input,
    output: out,
    ...(options.tile === undefined ? {} : { tile: options.tile }),
    ...(options.ldrEncoding === undefined ? {} : { ldrEncoding: options.ldrEncoding }),
    log: (line) => output.err(line),
  });
  output.out(`${out}: ${result.width}x${result.height} linear HDR in ${result.seconds.toFixed(2)} s`);
}
