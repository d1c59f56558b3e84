import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReferenceNetwork, initEngine, referenceBatch, referenceTrainingStep } from '../../src/index.js';

describe('tensor bookkeeping on wasm', () => {
  beforeAll(async () => {
    await initEngine({ backend: 'wasm', threads: 2, onWarning: () => undefined });
  });

  it('keeps the tensor count unchanged over 20 training steps of the reference network', () => {
    const network = createReferenceNetwork(5);
    const { input, target } = referenceBatch(2, 16);
    const optimizer = tf.train.adam(1e-3);
    // The first step creates Adam's moment variables.
    referenceTrainingStep(network, optimizer, input, target);
    const tensors = tf.memory().numTensors;
    const counts: number[] = [];
    for (let step = 0; step < 20; step++) {
      referenceTrainingStep(network, optimizer, input, target);
      counts.push(tf.memory().numTensors);
    }
    expect(counts).toEqual(new Array(20).fill(tensors));
    optimizer.dispose();
    network.dispose();
    tf.dispose([input, target]);
  });

  it('leaves nothing behind after dilated and strided convolution gradients, nor after the backprop kernels', () => {
    const x = tf.randomNormal([2, 17, 13, 3]) as tf.Tensor4D;
    const filter = tf.randomNormal([3, 3, 3, 4]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (const [stride, dilation] of [
      [1, 4],
      [2, 1],
      [3, 1],
    ] as const) {
      const [dx, dFilter] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, 'same', 'NHWC', dilation)),
      )([x, filter]);
      tf.dispose([dx!, dFilter!]);
    }
    const dy = tf.ones([2, 9, 7, 4]) as tf.Tensor4D;
    tf.conv2dTranspose(dy, filter, [2, 17, 13, 3], 2, 'same').dispose();
    dy.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, filter]);
  });
});
