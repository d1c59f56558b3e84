import * as tf from '@tensorflow/tfjs';
import { createHdrImage, type HdrImage } from '@hdr-lab/core';
import { z } from 'zod';
import { withPaddingToMultiple } from '../../src/inference/pad.js';
import { predictTiled } from '../../src/inference/tiling.js';
import type { ModelDefinition, SingleImageModel, TrainingBatch } from '../../src/registry/model.js';
import { networkVariables, parameterCount, trainableVariables } from '../../src/registry/variables.js';
import { optimiseStep } from '../../src/training/optimise.js';

export const toySchema = z
  .object({
    width: z.number().int().positive().default(4),
    lr: z.number().positive().default(0.01),
    loss: z.object({ weight: z.number().default(1), kind: z.enum(['l1', 'l2']).default('l2') }).strict().default({ weight: 1, kind: 'l2' }),
  })
  .strict();

/** Two 3x3 convs (receptive-field radius 2): enough to exercise training, checkpoints and tiling. */
export function createToyModel(config: z.infer<typeof toySchema>, seed: number): SingleImageModel {
  const input = tf.input({ shape: [null, null, 3] as unknown as number[], name: 'toy_in' });
  const hidden = tf.layers.conv2d({ name: 'toy_c1', filters: config.width, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotNormal({ seed }) }).apply(input);
  const output = tf.layers.conv2d({ name: 'toy_c2', filters: 3, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.glorotNormal({ seed: seed + 1 }) }).apply(hidden) as tf.SymbolicTensor;
  const network = tf.model({ inputs: input, outputs: output, name: 'toy' });
  const optimizer = tf.train.adam(config.lr);
  const loss = (batch: TrainingBatch) => {
    const difference = tf.sub(network.apply(batch['input']!, { training: true }) as tf.Tensor, batch['target']!);
    const value = tf.mul(config.loss.weight, config.loss.kind === 'l1' ? tf.mean(tf.abs(difference)) : tf.mean(tf.square(difference))) as tf.Scalar;
    return { total: value, terms: { reconstruction: value } };
  };
  const forward = (x: tf.Tensor4D) => withPaddingToMultiple(x, 1, (padded) => network.apply(padded) as tf.Tensor4D);
  return {
    id: 'toy',
    networks: { net: network },
    optimizers: { model: optimizer },
    variables: () => networkVariables('net', network),
    trainStep: (batch, step) => optimiseStep(optimizer, trainableVariables(network), () => loss(batch), { network: 'net', step }),
    evaluateLoss: (batch) => tf.tidy(() => ({ total: loss(batch).total.dataSync()[0]! })),
    inputDomain: 'linear-ldr',
    sizeMultiple: 1,
    tileHalo: 2,
    forward,
    predict: async (image: HdrImage, options = {}) => {
      const out = predictTiled(image, forward, { tile: options.tile ?? 512, halo: 2, multiple: 1 });
      return createHdrImage(out.width, out.height, 3, out.data);
    },
    inputFromHdr: (image) => image,
    parameterCounts: () => [parameterCount('net', network)],
    notices: [],
    tags: {},
    dispose: () => network.dispose(),
  };
}

export const toyDefinition: ModelDefinition<typeof toySchema, SingleImageModel> = {
  id: 'toy',
  describe: 'two convolutions',
  schema: toySchema,
  presets: { l1: { 'loss.kind': 'l1' }, heavy: { 'loss.weight': 10 } },
  tiny: { width: 2 },
  data: () => ({ synth: 'hybrid-loss', example: (source) => ({ input: { data: source.groundTruth.data, shape: [source.groundTruth.height, source.groundTruth.width, 3] } }) }),
  create: async (config, { seed }) => createToyModel(config, seed),
};

/** A fixed batch of `count` seeded random 8x8 examples whose target is a blur-like function of the input. */
export function toyBatch(seed: number, count = 2, size = 8): TrainingBatch {
  return tf.tidy(() => {
    const input = tf.randomUniform([count, size, size, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
    const target = tf.mul(tf.avgPool(input, 3, 1, 'same'), 2) as tf.Tensor4D;
    return { input, target };
  });
}
