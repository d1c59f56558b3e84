import * as tf from '@tensorflow/tfjs';
import { createHdrImage, initEngine } from '@hdr-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bracket } from '../../../src/registry/model.js';
import { attentionDrdb } from '../../../src/zoo/attention-drdb/definition.js';
import { decodeOutput, encodeTarget } from '../../../src/zoo/attention-drdb/encoding.js';
import { bracketOf } from '../../support/bracket.js';
import { bracketSource, seededDraw, tinyConfig } from './support.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

const config = tinyConfig({ 'data.flips': false });
const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
};

describe('attention-drdb predict', () => {
  it('decode inverts the target encoding: G = logit(o) clipped at 0, linear = G^2.24', () => {
    const linear = Float32Array.from([0, 0.01, 0.5, 1, 4, 50]);
    const decoded = tf.tidy(() => decodeOutput(tf.tensor4d(encodeTarget(linear, 2.24), [1, 1, 2, 3]), 2.24).dataSync());
    linear.forEach((value, i) => expect(decoded[i]).toBeCloseTo(value, value > 1 ? 3 : 4));
    const below = tf.tidy(() => decodeOutput(tf.tensor4d([0.2, 0, 1, 0.5], [1, 1, 1, 4]), 2.24).dataSync());
    expect(Array.from(below.slice(0, 2))).toEqual([0, 0]);
    expect(below[2]! / Math.log((1 - 1e-6) / 1e-6) ** 2.24).toBeCloseTo(1, 2);
  });

  it('predict is decode(forward(the inputs example() makes)), at two sizes that are not multiples of 16', async () => {
    const model = await attentionDrdb.create(config, { seed: 1 });
    for (const [width, height] of [
      [21, 19],
      [40, 27],
    ] as const) {
      const source = bracketSource(width, 5, 2, height);
      const hdr = await model.predict(bracketOf(source));
      expect([hdr.width, hdr.height, hdr.channels]).toEqual([width, height, 3]);
      expect(hdr.data.every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
      const example = attentionDrdb.data(config).example(source, seededDraw(1));
      const direct = tf.tidy(() => {
        const inputs = Object.fromEntries(Object.entries(example).map(([name, array]) => [name, tf.tensor4d(array.data, [1, ...array.shape] as [number, number, number, number])]));
        const output = model.forward(inputs);
        expect(output.shape).toEqual([1, height, width, 3]);
        return decodeOutput(output, 2.24).dataSync();
      });
      expect(maxDifference(hdr.data, direct)).toBeLessThan(1e-5);
    }
    model.dispose();
  });

  it('tiled prediction equals the whole-image pass (halo covers the receptive field)', async () => {
    const model = await attentionDrdb.create(config, { seed: 2 });
    // Three tiles of 128 px: the image must be wider than one tile's core and both halos.
    const bracket = bracketOf(bracketSource(2 * model.tileHalo + 144, 6, 2, 18));
    const whole = await model.predict(bracket);
    const tiled = await model.predict(bracket, { tile: 128 });
    const scale = Math.max(...whole.data);
    expect(maxDifference(tiled.data, whole.data) / scale).toBeLessThan(1e-4);
    model.dispose();
  });

  it('rejects brackets it cannot fuse, naming the fix', async () => {
    const model = await attentionDrdb.create(config, { seed: 1 });
    const good = bracketOf(bracketSource(16, 1));
    const grey = createHdrImage(16, 16, 1, new Float32Array(256));
    const small = createHdrImage(8, 16, 3, new Float32Array(8 * 16 * 3));
    const cases: [Bracket, RegExp][] = [
      [{ exposures: good.exposures.slice(0, 2) }, /needs 3 exposures/],
      [{ exposures: [good.exposures[0]!, good.exposures[1]!, { ...good.exposures[2]!, image: grey }] }, /RGB/],
      [{ exposures: [{ ...good.exposures[0]!, image: small }, good.exposures[1]!, good.exposures[2]!] }, /8x16 .*16x16/],
      [{ exposures: [good.exposures[1]!, good.exposures[0]!, good.exposures[2]!] }, /increase/],
      [{ exposures: [{ ...good.exposures[0]!, time: 0 }, good.exposures[1]!, good.exposures[2]!] }, /positive/],
    ];
    for (const [bracket, message] of cases) await expect(model.predict(bracket)).rejects.toThrow(message);
    expect(() => model.forward({})).toThrow(/missing short, medium, long, maskShort, maskLong/);
    model.dispose();
  });
});
