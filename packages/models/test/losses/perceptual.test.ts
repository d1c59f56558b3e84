import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { perceptualLoss } from '../../src/losses/perceptual.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

describe('perceptual loss', () => {
  it('is the mean over feature positions of the squared distance summed over feature channels', () => {
    const prediction = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
    const target = tf.tensor4d([0, 0, 3, 2], [1, 1, 2, 2]);
    // Positions: 1 + 4 = 5 and 0 + 4 = 4.
    expect(perceptualLoss(prediction, target).dataSync()[0]).toBeCloseTo(4.5, 6);
  });

  it('averages over the batch', () => {
    const prediction = tf.tensor4d([1, 2, 3, 4, 1, 1, 1, 1], [2, 1, 2, 2]);
    const target = tf.tensor4d([0, 0, 3, 2, 0, 0, 0, 0], [2, 1, 2, 2]);
    expect(perceptualLoss(prediction, target).dataSync()[0]).toBeCloseTo((4.5 + 2) / 2, 6);
  });
});
