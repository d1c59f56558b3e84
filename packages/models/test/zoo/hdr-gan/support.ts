import * as tf from '@tensorflow/tfjs';
import type { TrainingBatch } from '../../../src/registry/model.js';
import { resolveModelConfig } from '../../../src/registry/resolve-config.js';
import type { HdrGanConfig } from '../../../src/zoo/hdr-gan/config.js';
import { hdrGan } from '../../../src/zoo/hdr-gan/definition.js';
import { syntheticBracketSource } from '../../support/bracket.js';

/** The tiny configuration with a preset and overrides, resolved as a run resolves it. */
export function tinyConfig(preset = 'ours', overrides: Record<string, unknown> = {}): HdrGanConfig {
  return resolveModelConfig(hdrGan, { preset, tiny: true, overrides });
}

/** A fixed batch of synthetic brackets with motion, made by the model's own data(config).example. */
export function bracketBatch(config: HdrGanConfig, count: number, size: number, seed = 1): TrainingBatch {
  const { example } = hdrGan.data(config);
  const examples = Array.from({ length: count }, (_, i) => example(syntheticBracketSource(size, size, seed + i, { motion: 2 }), () => 0));
  const stack = (name: string) => {
    const shape = examples[0]![name]!.shape;
    return tf.tensor4d(Float32Array.from(examples.flatMap((e) => Array.from(e[name]!.data))), [count, shape[0]!, shape[1]!, shape[2]!]);
  };
  return Object.fromEntries(Object.keys(examples[0]!).map((name) => [name, stack(name)]));
}

export function disposeBatch(batch: TrainingBatch): void {
  for (const tensor of Object.values(batch)) tensor.dispose();
}

/** Every variable's values by stable name, copied, to compare later. */
export function snapshot(variables: Map<string, tf.Variable>): Map<string, Float32Array> {
  return new Map([...variables].map(([name, variable]) => [name, (variable.dataSync() as Float32Array).slice()]));
}

export function changed(before: Map<string, Float32Array>, after: Map<string, Float32Array>): string[] {
  return [...before.keys()].filter((name) => before.get(name)!.some((value, i) => value !== after.get(name)![i]));
}
