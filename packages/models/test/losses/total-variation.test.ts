import * as tf from '@tensorflow/tfjs';
import { initEngine } from '@hdr-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { anisotropicTotalVariation } from '../../src/losses/total-variation.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

describe('anisotropicTotalVariation', () => {
  it('sums absolute neighbour differences over both axes and channels, divided by w h', () => {
    // One 2x3 single-channel image
    //   1 4 2
    //   0 4 7
    // horizontal |4-1| + |2-4| + |4-0| + |7-4| = 3 + 2 + 4 + 3 = 12; vertical |0-1| + |4-4| + |7-2| = 6; (12 + 6) / 6 = 3.
    const image = tf.tensor4d([1, 4, 2, 0, 4, 7], [1, 2, 3, 1]);
    expect(anisotropicTotalVariation(image).dataSync()[0]).toBeCloseTo(3, 6);
  });

  it('adds channels and averages over the batch', () => {
    // Image 0: channel 0 = the image above (TV sum 18), channel 1 constant (0) -> 18 / 6 = 3.
    // Image 1: channel 0 = -2 x the image above (36), channel 1 = the image above (18) -> 54 / 6 = 9. Mean 6.
    const base = [1, 4, 2, 0, 4, 7];
    const first = base.flatMap((value) => [value, 5]);
    const second = base.flatMap((value) => [-2 * value, value]);
    const image = tf.tensor4d([...first, ...second], [2, 2, 3, 2]);
    expect(anisotropicTotalVariation(image).dataSync()[0]).toBeCloseTo(6, 5);
  });

  it('is 0 for constant images and for a single pixel', () => {
    expect(anisotropicTotalVariation(tf.fill([1, 4, 5, 3], 0.3) as tf.Tensor4D).dataSync()[0]).toBe(0);
    expect(anisotropicTotalVariation(tf.ones([1, 1, 1, 3]) as tf.Tensor4D).dataSync()[0]).toBe(0);
  });

  it('has the gradient of the hand-derived sum', () => {
    // 1x2 image [a, b] with a < b: TV = (b - a) / 2, so d/da = -0.5 and d/db = 0.5.
    const gradient = tf.grad((x: tf.Tensor) => anisotropicTotalVariation(x as tf.Tensor4D))(tf.tensor4d([0.2, 0.9], [1, 1, 2, 1]));
    expect(Array.from(gradient.dataSync())).toEqual([-0.5, 0.5]);
  });
});
