import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { hybridLossSchema } from '../../../src/zoo/hybrid-loss-gan/config.js';
import { hdrFromLog } from '../../../src/zoo/hybrid-loss-gan/steps.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

/** One pixel per row: unclipped, one channel clipped, in the 0.95..1 ramp, all clipped. */
const INPUT = [0.25, 0.5, 0.1, 0.3, 1, 0.2, 0.97, 0.4, 0.4, 1, 1, 1];
/** The generator's estimate (linear): darker than the clip level in the second pixel's clipped channel, brighter elsewhere. */
const ESTIMATE = [9, 9, 9, 0.5, 2, 0.5, 8, 8, 8, 30, 40, 50];

function blended(blend: 'none' | 'hdrcnn' | 'channel', inputLevel = 6): number[] {
  const config = hybridLossSchema.parse({ inference: { blend, inputLevel } });
  return tf.tidy(() => {
    const z = tf.log(tf.add(tf.tensor4d(ESTIMATE, [1, 4, 1, 3]), config.generator.outputEps)) as tf.Tensor4D;
    return Array.from(hdrFromLog(z, tf.tensor4d(INPUT, [1, 4, 1, 3]), config).dataSync());
  });
}

describe('the hybrid-loss output blend', () => {
  const scale = 255 / 64;

  it('none: the estimate everywhere', () => {
    blended('none').forEach((value, index) => expect(value).toBeCloseTo(ESTIMATE[index]!, 4));
  });

  it('channel: every unclipped value is the input in median-normalised units; clipped channels never below the clip level', () => {
    const out = blended('channel');
    for (const index of [0, 1, 2, 3, 5, 6, 7, 8]) expect(out[index]).toBeCloseTo(INPUT[index]! * scale, 5);
    expect(out[4]).toBeCloseTo(scale, 5);
    expect(out.slice(9)).toEqual([30, 40, 50].map((value) => expect.closeTo(value, 3)));
  });

  it('channel: the input level sets the units (255 2^-k)', () => {
    expect(blended('channel', 4)[0]).toBeCloseTo(0.25 * (255 / 16), 5);
  });

  it('hdrcnn: a pixel with one clipped channel is replaced whole; the 0.95..1 ramp mixes', () => {
    const out = blended('hdrcnn');
    for (const index of [0, 1, 2]) expect(out[index]).toBeCloseTo(INPUT[index]! * scale, 5);
    expect(out.slice(3, 6)).toEqual([0.5, 2, 0.5].map((value) => expect.closeTo(value, 3)));
    const alpha = (0.97 - 0.95) / 0.05;
    expect(out[6]).toBeCloseTo((1 - alpha) * 0.97 * scale + alpha * 8, 3);
  });
});
