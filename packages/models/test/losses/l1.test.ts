import * as tf from '@tensorflow/tfjs';
import { initEngine } from '@hdr-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { l1Loss } from '../../src/losses/l1.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

describe('l1Loss', () => {
  it('sums |difference| over channels and averages over pixels and the batch', () => {
    // Two images of 1x2 pixels, 2 channels. Per-pixel L1 norms: image 0: |1-0|+|2-4| = 3, |0.5-0|+|0-0| = 0.5;
    // image 1: |-1-1|+|3-3| = 2, |0-0.25|+|1-0| = 1.25. Mean of 3, 0.5, 2, 1.25 = 6.75 / 4.
    const prediction = tf.tensor4d([1, 2, 0.5, 0, -1, 3, 0, 1], [2, 1, 2, 2]);
    const target = tf.tensor4d([0, 4, 0, 0, 1, 3, 0.25, 0], [2, 1, 2, 2]);
    expect(l1Loss(prediction, target).dataSync()[0]).toBeCloseTo(6.75 / 4, 6);
    expect(l1Loss(prediction, prediction).dataSync()[0]).toBe(0);
  });

  it('has the gradient sign(prediction - target) / pixels', () => {
    const prediction = tf.tensor4d([1, -2, 3, 0.5], [1, 2, 1, 2]);
    const target = tf.tensor4d([0, 0, 4, 0], [1, 2, 1, 2]);
    const gradient = tf.grad((p: tf.Tensor) => l1Loss(p as tf.Tensor4D, target))(prediction);
    expect(Array.from(gradient.dataSync())).toEqual([0.5, -0.5, -0.5, 0.5]);
  });

  it('refuses tensors of different shapes, naming both', () => {
    expect(() => l1Loss(tf.zeros([1, 2, 2, 3]), tf.zeros([1, 2, 2, 1]))).toThrow(/\[1, 2, 2, 3\].*\[1, 2, 2, 1\]/);
  });

  it('leaks no tensors', () => {
    const a = tf.ones([1, 3, 3, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    l1Loss(a, a).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
