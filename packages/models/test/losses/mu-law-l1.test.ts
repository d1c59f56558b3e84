import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { linearFromMuLawOutput, muLaw, muLawInverse, muLawL1, muLawTarget } from '../../src/losses/mu-law-l1.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

describe('mu-law L1', () => {
  it('T(h) = ln(1 + 5000 h) / ln(1 + 5000) and its inverse', () => {
    expect(muLaw(0)).toBe(0);
    expect(muLaw(1)).toBeCloseTo(1, 12);
    expect(muLaw(0.01)).toBeCloseTo(Math.log(51) / Math.log(5001), 12);
    for (const h of [0, 1e-4, 0.02, 0.5, 1]) expect(muLawInverse(muLaw(h))).toBeCloseTo(h, 12);
  });

  it('the target is 2 T(clip(h, 0, 1)) - 1, and decoding an output inverts it', () => {
    const linear = tf.tensor4d([0, 0.01, 0.5, 1, 3, -0.2], [1, 1, 2, 3]);
    const target = muLawTarget(linear);
    const expected = [0, 0.01, 0.5, 1, 1, 0].map((h) => 2 * muLaw(h) - 1);
    Array.from(target.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
    const decoded = linearFromMuLawOutput(target);
    Array.from(decoded.dataSync()).forEach((value, i) => expect(value).toBeCloseTo([0, 0.01, 0.5, 1, 1, 0][i]!, 5));
    tf.dispose([linear, target, decoded]);
  });

  it('is the mean absolute difference over batch, pixels and channels', () => {
    const output = tf.tensor4d([0.5, -0.5, 1, 0, 0, 0], [2, 1, 1, 3]);
    const target = tf.tensor4d([0, 0, 0, 0, 0, 0.3], [2, 1, 1, 3]);
    expect(muLawL1(output, target).dataSync()[0]).toBeCloseTo((0.5 + 0.5 + 1 + 0.3) / 6, 6);
    expect(() => muLawL1(output, tf.zeros([1, 1, 1, 3]) as tf.Tensor4D)).toThrow(/muLawL1: output is \[2, 1, 1, 3\] but target is \[1, 1, 1, 3\]/);
  });
});
