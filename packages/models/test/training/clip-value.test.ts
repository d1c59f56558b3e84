import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { optimiseStep } from '../../src/training/optimise.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

/** One SGD step (lr 1) on sum(x * slope) from x = 0: x becomes minus the applied gradient. */
function appliedGradient(slope: number[], options: { clipValue?: number; clipNorm?: number }): { applied: number[]; gradNorm: number } {
  const x = tf.variable(tf.zeros([slope.length]));
  const optimizer = tf.train.sgd(1);
  const terms = optimiseStep(optimizer, [x], () => ({ total: tf.sum(tf.mul(x, tf.tensor1d(slope))) as tf.Scalar, terms: {} }), { network: 'toy', step: 0, ...options });
  const applied = Array.from(x.dataSync(), (value) => -value);
  x.dispose();
  optimizer.dispose();
  return { applied, gradNorm: terms['gradNorm']! };
}

describe('optimiseStep gradient clipping', () => {
  it('clipValue clips every gradient element to [-v, v]; gradNorm is logged before clipping', () => {
    const { applied, gradNorm } = appliedGradient([5, -0.5, -3], { clipValue: 1 });
    expect(applied).toEqual([1, -0.5, -1]);
    expect(gradNorm).toBeCloseTo(Math.hypot(5, 0.5, 3), 5);
  });

  it('clipNorm still rescales by the global norm, and clipValue applies after it', () => {
    const norm = appliedGradient([3, 4], { clipNorm: 1 });
    norm.applied.forEach((value, i) => expect(value).toBeCloseTo([0.6, 0.8][i]!, 6));
    const both = appliedGradient([30, 40], { clipNorm: 10, clipValue: 7 });
    both.applied.forEach((value, i) => expect(value).toBeCloseTo([6, 7][i]!, 5));
    expect(appliedGradient([5, -0.5], {}).applied).toEqual([5, -0.5]);
  });
});
