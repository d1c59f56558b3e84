import * as tf from '@tensorflow/tfjs';
import type { ExampleSource, TrainingBatch } from '../../../src/registry/model.js';
import { resolveModelConfig, type ModelConfigRequest } from '../../../src/registry/resolve-config.js';
import type { AttentionDrdbConfig } from '../../../src/zoo/attention-drdb/config.js';
import { attentionDrdb } from '../../../src/zoo/attention-drdb/definition.js';
import { syntheticBracketSource } from '../../support/bracket.js';

/** The tiny configuration with optional overrides (dotted paths). */
export function tinyConfig(overrides: Record<string, unknown> = {}, preset?: string): AttentionDrdbConfig {
  const request: ModelConfigRequest = { tiny: true, overrides, ...(preset === undefined ? {} : { preset }) };
  return resolveModelConfig(attentionDrdb, request);
}

/** A seeded `draw(n)`, uniform on [0, n), as the datasets loader hands example(). */
export function seededDraw(seed: number): (count: number) => number {
  let state = (seed * 2654435761 + 7) >>> 0;
  return (count) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.floor((state / 2 ** 32) * count);
  };
}

/** A 'drdb'-style synthetic bracket (gamma 2.24, biases -2/0/+2, a square that moves `motion` px). */
export function bracketSource(size: number, seed: number, motion = 2, height = size): ExampleSource {
  return syntheticBracketSource(size, height, seed, { gamma: 2.24, motion });
}

/** A batch of the model's own examples, one per seed, stacked [N, H, W, C]. */
export function bracketBatch(config: AttentionDrdbConfig, size: number, seeds: readonly number[]): TrainingBatch {
  const { example } = attentionDrdb.data(config);
  const examples = seeds.map((seed) => example(bracketSource(size, seed), seededDraw(seed)));
  return Object.fromEntries(
    Object.keys(examples[0]!).map((name) => {
      const [height, width, channels] = examples[0]![name]!.shape as [number, number, number];
      const data = new Float32Array(examples.length * height * width * channels);
      examples.forEach((example, index) => data.set(example[name]!.data, index * height * width * channels));
      return [name, tf.tensor4d(data, [examples.length, height, width, channels])];
    }),
  );
}

export function disposeBatch(batch: TrainingBatch): void {
  tf.dispose(Object.values(batch));
}
