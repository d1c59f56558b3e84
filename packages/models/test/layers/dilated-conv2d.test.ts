import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { DilatedConv2D } from '../../src/index.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

describe('DilatedConv2D', () => {
  for (const dilation of [2, 3, 5]) {
    it(`trains at dilation ${dilation}: the kernel gradient equals central finite differences`, () => {
      const layer = new DilatedConv2D({ filters: 2, kernelSize: 3, dilation, kernelInitializer: tf.initializers.glorotNormal({ seed: dilation }) });
      const x = tf.randomNormal([1, 9, 11, 2], 0, 1, 'float32', 7);
      const weights = tf.randomNormal([1, 9, 11, 2], 0, 1, 'float32', 8);
      const loss = () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, weights)) as tf.Scalar;
      expect((layer.apply(x) as tf.Tensor).shape).toEqual([1, 9, 11, 2]);
      const kernel = layer.trainableWeights[0]!.read() as tf.Variable;
      const { grads } = tf.variableGrads(loss, [kernel]);
      const analytic = grads[kernel.name]!.dataSync();
      const values = kernel.dataSync().slice();
      const epsilon = 1e-2;
      for (const index of [0, 7, 20, 35]) {
        const probe = (delta: number) => {
          const changed = values.slice();
          changed[index] = changed[index]! + delta;
          kernel.assign(tf.tensor(changed, kernel.shape));
          return loss().dataSync()[0]!;
        };
        const numeric = (probe(epsilon) - probe(-epsilon)) / (2 * epsilon);
        kernel.assign(tf.tensor(values, kernel.shape));
        expect(Math.abs(numeric - analytic[index]!)).toBeLessThan(2e-2 * Math.max(1, Math.abs(numeric)));
      }
    });
  }

  it("equals tf.conv2d with the dilation plus bias, and 'valid' shrinks by dilation (k - 1)", () => {
    const layer = new DilatedConv2D({ filters: 3, kernelSize: 3, dilation: 2, padding: 'valid' });
    const x = tf.randomNormal([2, 10, 12, 4], 0, 1, 'float32', 3);
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 6, 8, 3]);
    const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D];
    const expected = tf.add(tf.conv2d(x as tf.Tensor4D, kernel, 1, 'valid', 'NHWC', 2), bias);
    expect(tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0]).toBeLessThan(1e-6);
  });
});
