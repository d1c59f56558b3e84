import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { discriminatorLoss, generatorAdversarialLoss } from '../../src/losses/adversarial-bce.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

/** Logits whose probabilities are 0.5 and 0.75. */
let fake: tf.Tensor2D;
beforeAll(() => {
  fake = tf.tensor2d([0, Math.log(3)], [2, 1]);
});

describe('adversarial BCE', () => {
  it('generator: sum over the batch of -log D(fake) as the paper writes it, or the mean', () => {
    expect(generatorAdversarialLoss(fake, 'sum').dataSync()[0]).toBeCloseTo(-Math.log(0.5) - Math.log(0.75), 6);
    expect(generatorAdversarialLoss(fake, 'mean').dataSync()[0]).toBeCloseTo((-Math.log(0.5) - Math.log(0.75)) / 2, 6);
  });

  it('discriminator: -(1/M) sum [log(1 - D(fake)) + log D(real)]', () => {
    const real = tf.tensor2d([Math.log(3), Math.log(3)], [2, 1]);
    const fakes = tf.tensor2d([0, -Math.log(3)], [2, 1]);
    // D(real) = 0.75 twice; D(fake) = 0.5 and 0.25.
    const expected = -(Math.log(1 - 0.5) + Math.log(0.75) + Math.log(1 - 0.25) + Math.log(0.75)) / 2;
    expect(discriminatorLoss(real, fakes).dataSync()[0]).toBeCloseTo(expected, 6);
  });

  it('stays finite when the discriminator is certain (logits of +-100)', () => {
    const certain = tf.tensor2d([-100, 100], [2, 1]);
    expect(generatorAdversarialLoss(certain, 'sum').dataSync()[0]).toBeCloseTo(100, 4);
    expect(discriminatorLoss(certain, certain).dataSync()[0]).toBeCloseTo(100, 4);
    const gradient = tf.grad((l: tf.Tensor) => generatorAdversarialLoss(l, 'sum'))(certain);
    expect(Array.from(gradient.dataSync())).toEqual([expect.closeTo(-1, 6), expect.closeTo(0, 6)]);
  });
});
