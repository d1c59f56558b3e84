import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { createReferenceNetwork, referenceBatch, referenceTrainingStep } from '../../../src/index.js';

/**
 * Tensor-count checks for the engine's gradients on the backend the calling file has started:
 * training the reference network, dilated and strided convolution gradients, and the backprop
 * kernels called directly.
 */
export function describeLeakChecks(options: { trainingSteps: number; imageSize: number }): void {
  it(`keeps the tensor count unchanged over ${options.trainingSteps} training steps of the reference network`, () => {
    const network = createReferenceNetwork(5);
    const { input, target } = referenceBatch(2, options.imageSize);
    const optimizer = tf.train.adam(1e-3);
    // The first step creates Adam's moment variables.
    referenceTrainingStep(network, optimizer, input, target);
    const tensors = tf.memory().numTensors;
    const counts: number[] = [];
    const losses: number[] = [];
    for (let step = 0; step < options.trainingSteps; step++) {
      losses.push(referenceTrainingStep(network, optimizer, input, target));
      counts.push(tf.memory().numTensors);
    }
    expect(counts).toEqual(new Array(options.trainingSteps).fill(tensors));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    optimizer.dispose();
    network.dispose();
    tf.dispose([input, target]);
  });

  it('leaves nothing behind after one dilated convolution gradient', () => {
    const x = tf.randomNormal([2, 17, 13, 3]) as tf.Tensor4D;
    const filter = tf.randomNormal([3, 3, 3, 4]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const [dx, dFilter] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same', 'NHWC', 4)),
    )([x, filter]);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([dx!, dFilter!]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, filter]);
  });

  it('leaves nothing behind after strided, depthwise and direct backprop-kernel gradients', () => {
    const x = tf.randomNormal([2, 17, 13, 3]) as tf.Tensor4D;
    const filter = tf.randomNormal([3, 3, 3, 4]) as tf.Tensor4D;
    const depthwiseFilter = tf.randomNormal([3, 3, 3, 2]) as tf.Tensor4D;
    const dy = tf.ones([2, 9, 7, 4]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (const stride of [2, 3]) {
      tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, 'same')))([x, filter]));
    }
    tf.dispose(
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same', 'NHWC', 2)))([
        x,
        depthwiseFilter,
      ]),
    );
    tf.conv2dTranspose(dy, filter, [2, 17, 13, 3], 2, 'same').dispose();
    (tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 4] }) as tf.Tensor).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, filter, depthwiseFilter, dy]);
  });
}
