import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHdrImage, initEngine } from '@hdr-lab/core';
import { linearFromMuLawOutput, muLaw } from '../../../src/losses/mu-law-l1.js';
import type { Bracket } from '../../../src/registry/model.js';
import { hdrGan } from '../../../src/zoo/hdr-gan/definition.js';
import { exposureInputs } from '../../../src/zoo/hdr-gan/inputs.js';
import { bracketOf, syntheticBracketSource } from '../../support/bracket.js';
import { tinyConfig } from './support.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

describe('HDR-GAN inputs', () => {
  it('X_i = [2L - 1, 2H - 1] with H = L^2.2 / t (paper) or T(L^2.2 / t) (code), t relative to the shortest exposure', () => {
    const pixel = (value: number) => createHdrImage(1, 1, 3, Float32Array.of(value, 0, 1));
    const exposures = [0.5, 0.6, 0.9].map((value, i) => ({ image: pixel(value), time: 0.01 * 4 ** i }));
    const linear = exposureInputs(exposures, { hdrInput: 'linear', gamma: 2.2 });
    const tonemapped = exposureInputs(exposures, { hdrInput: 'tonemapped', gamma: 2.2 });
    [0.5, 0.6, 0.9].forEach((value, i) => {
      const h = value ** 2.2 / 4 ** i;
      expect(linear[i]![0]).toBeCloseTo(2 * value - 1, 6);
      expect(linear[i]![3]).toBeCloseTo(2 * h - 1, 6);
      expect(tonemapped[i]![3]).toBeCloseTo(2 * muLaw(h) - 1, 6);
      expect(Array.from(linear[i]!.slice(1, 3))).toEqual([-1, 1]);
      expect(linear[i]![5]).toBeCloseTo(2 / 4 ** i - 1, 6);
    });
  });

  it("example() gives three 6-channel inputs and the linear target; predict's network input is the same", async () => {
    const config = tinyConfig('no_disc');
    const source = syntheticBracketSource(20, 16, 3);
    const example = hdrGan.data(config).example(source, () => 0);
    expect(Object.fromEntries(Object.entries(example).map(([name, array]) => [name, array.shape]))).toEqual({
      input1: [16, 20, 6],
      input2: [16, 20, 6],
      input3: [16, 20, 6],
      target: [16, 20, 3],
    });
    expect(hdrGan.data(config).synth).toBe('hdr-gan');
    const model = await hdrGan.create(config, { seed: 0 });
    const inputs = Object.fromEntries(['input1', 'input2', 'input3'].map((name) => [name, tf.tensor4d(example[name]!.data, [1, 16, 20, 6])]));
    const viaForward = tf.tidy(() => linearFromMuLawOutput(model.forward(inputs)));
    const predicted = await model.predict(bracketOf(source));
    Array.from(viaForward.dataSync()).forEach((value, i) => expect(predicted.data[i]).toBeCloseTo(value, 5));
    tf.dispose([...Object.values(inputs), viaForward]);
    model.dispose();
  });
});

describe('HDR-GAN predict', () => {
  it('takes any size (odd ones padded and cropped back) and returns non-negative linear HDR at most 1', async () => {
    const model = await hdrGan.create(tinyConfig('ours'), { seed: 0 });
    for (const [width, height] of [[37, 29], [24, 13]] as const) {
      const hdr = await model.predict(bracketOf(syntheticBracketSource(width, height, 5)));
      expect([hdr.width, hdr.height, hdr.channels]).toEqual([width, height, 3]);
      const values = Array.from(hdr.data);
      expect(values.every((value) => Number.isFinite(value) && value >= 0 && value <= 1 + 1e-5)).toBe(true);
    }
    model.dispose();
  });

  it('tiled prediction equals the whole-image pass (halo = receptive field)', async () => {
    const model = await hdrGan.create(tinyConfig('ours'), { seed: 1 });
    const bracket = bracketOf(syntheticBracketSource(168, 20, 2));
    const whole = await model.predict(bracket);
    const tiled = await model.predict(bracket, { tile: 32 });
    const difference = Math.max(...Array.from(whole.data, (value, i) => Math.abs(value - tiled.data[i]!)));
    expect(difference).toBeLessThan(1e-5);
    model.dispose();
  });

  it('checks the bracket and names what is wrong', async () => {
    const model = await hdrGan.create(tinyConfig('no_disc'), { seed: 0 });
    const good = bracketOf(syntheticBracketSource(16, 16, 1));
    const withExposures = (exposures: Bracket['exposures']): Bracket => ({ exposures });
    await expect(model.predict(withExposures(good.exposures.slice(0, 2)))).rejects.toThrow(/fuses 3 exposures \(short, reference, long\), got 2/);
    await expect(model.predict(withExposures([...good.exposures].reverse()))).rejects.toThrow(/exposure times must increase \(shortest exposure first\), got 16, 4, 1/);
    const small = createHdrImage(8, 16, 3, new Float32Array(8 * 16 * 3));
    await expect(model.predict(withExposures([good.exposures[0]!, { image: small, time: 4 }, good.exposures[2]!]))).rejects.toThrow(/exposure 2 is 8x16 but exposure 1 is 16x16/);
    const grey = createHdrImage(16, 16, 1, new Float32Array(256));
    await expect(model.predict(withExposures([{ image: grey, time: 1 }, ...good.exposures.slice(1)]))).rejects.toThrow(/exposure 1 has 1 channels; give RGB images/);
    await expect(model.predict(bracketOf(syntheticBracketSource(10, 10, 1)))).rejects.toThrow(/needs inputs of at least 12x12 px, got 10x10/);
    model.dispose();
  });
});
