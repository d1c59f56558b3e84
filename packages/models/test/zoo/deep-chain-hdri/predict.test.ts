import * as tf from '@tensorflow/tfjs';
import { createHdrImage, initEngine, luminance, type HdrImage } from '@hdr-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { predictTiled } from '../../../src/inference/tiling.js';
import { resolveModelConfig, type ModelConfigRequest } from '../../../src/registry/resolve-config.js';
import type { Model } from '../../../src/registry/model.js';
import { deepChainHdri } from '../../../src/zoo/deep-chain-hdri/definition.js';
import { mergeStack } from '../../../src/zoo/deep-chain-hdri/merge.js';
import { inferredLdrStack } from '../../../src/zoo/deep-chain-hdri/model.js';
import { patchOrigins } from '../../../src/zoo/deep-chain-hdri/patches.js';
import { evStackSource, syntheticScene } from './support.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

const build = (request: ModelConfigRequest = {}, seed = 1) => deepChainHdri.create(resolveModelConfig(deepChainHdri, { tiny: true, ...request }), { seed });

/** Display-domain brightening per stop of the shifted chain below. */
const SHIFT = 0.1;

/**
 * Makes every subnet add a constant: r4's kernel zero and its bias atanh(+-SHIFT), so EV k = EV 0 + k SHIFT.
 * Such a stack is exactly what a camera with a logarithmic response, z = SHIFT log2(exposure) + c, records,
 * so the merged log radiance must grow linearly with the input, by ln 2 / SHIFT per unit.
 */
function shiftEveryExposure(model: Model): void {
  for (const [name, variable] of model.variables()) {
    if (!/_r4_conv\/(kernel|bias)$/.test(name)) continue;
    const bias = (name.startsWith('up') ? 1 : -1) * Math.atanh(SHIFT);
    variable.assign(name.endsWith('kernel') ? tf.zerosLike(variable) : tf.fill(variable.shape, bias));
  }
}

/** A horizontal ramp of 8-bit grey levels from `low` to `high`, `height` rows. */
function ramp(width: number, height: number, low: number, high: number): HdrImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.fill(Math.round((low + ((high - low) * x) / (width - 1)) * 255) / 255, (y * width + x) * 3, (y * width + x) * 3 + 3);
  }
  return createHdrImage(width, height, 3, data);
}

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
};

describe('deep-chain-hdri predict', () => {
  it('merges the inferred stack into finite positive HDR whose log radiance rises with the input as the stack implies', async () => {
    const model = await build();
    shiftEveryExposure(model);
    const input = ramp(61, 9, 0.2, 0.8);
    const stack = inferredLdrStack(model, input);
    expect(stack.exposures.map((exposure) => [exposure.ev, exposure.time])).toEqual([-3, -2, -1, 0, 1, 2, 3].map((ev) => [ev, 2 ** ev]));
    // EV +2 of a pixel at 0.5 is 0.5 + 2 SHIFT, quantised.
    expect(stack.exposures[5]!.image.data[30 * 3]).toBeCloseTo(Math.round(0.7 * 255) / 255, 6);
    const hdr = await model.predict(input);
    expect([hdr.width, hdr.height, hdr.channels]).toEqual([61, 9, 3]);
    expect(hdr.data.every((value) => Number.isFinite(value) && value > 0)).toBe(true);
    const logRadiance = Array.from(luminance(hdr).slice(4 * 61, 5 * 61), Math.log);
    for (let x = 1; x < 61; x++) expect(logRadiance[x]!).toBeGreaterThan(logRadiance[x - 1]!);
    const slope = (logRadiance[60]! - logRadiance[0]!) / 0.6;
    expect(slope).toBeGreaterThan(0.9 * (Math.LN2 / SHIFT));
    expect(slope).toBeLessThan(1.1 * (Math.LN2 / SHIFT));
    model.dispose();
  });

  it('merging a ground-truth EV stack recovers the scene radiance up to scale (log-log slope 1)', () => {
    const scene = syntheticScene(48, 40, 4);
    const source = evStackSource(scene);
    const stack = { width: 48, height: 40, exposures: source.exposures.map((exposure) => ({ ev: exposure.stops, time: exposure.time, image: exposure.image })) };
    const hdr = mergeStack(stack, deepChainHdri.schema.parse({}).merge);
    const truth = luminance(scene);
    const merged = luminance(hdr);
    const middle = source.exposures[3]!.image.data;
    // Pixels EV 0 shows unclipped; least-squares line of ln merged on ln truth.
    const pairs: [number, number][] = [];
    for (let p = 0; p < truth.length; p++) if (middle[p * 3 + 1]! > 0.05 && middle[p * 3 + 1]! < 0.95) pairs.push([Math.log(truth[p]!), Math.log(merged[p]!)]);
    expect(pairs.length).toBeGreaterThan(500);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const mx = mean(pairs.map(([x]) => x));
    const my = mean(pairs.map(([, y]) => y));
    const slope = pairs.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0) / pairs.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(0.9);
    expect(slope).toBeLessThan(1.1);
  });

  it('tiles with the receptive-field halo exactly like one whole-image pass (and a 33-pixel halo does not)', async () => {
    const model = await build({}, 3);
    // A wide and a tall strip: seams across each axis, at a fraction of a square image's cost.
    for (const [width, height] of [[400, 40], [36, 380]] as const) {
      const image = model.inputFromHdr(syntheticScene(width, height, 5));
      const whole = tf.tidy(() => model.forward(tf.tensor4d(image.data, [1, height, width, 3])).dataSync());
      const tiled = predictTiled(image, model.forward, { tile: 128, halo: model.tileHalo, multiple: 1 });
      expect(tiled.channels).toBe(18);
      expect(maxDifference(tiled.data, whole)).toBeLessThan(1e-5);
      const short = predictTiled(image, model.forward, { tile: 128, halo: 33, multiple: 1 });
      expect(maxDifference(short.data, whole)).toBeGreaterThan(1e-3);
      // predict's own tiling gives the whole-image pass's EV +3, quantised to 8 bits.
      const ev3 = inferredLdrStack(model, image, { tile: 128 }).exposures[6]!.image.data;
      let differing = 0;
      for (let p = 0; p < width * height * 3; p++) {
        const expected = Math.round(Math.min(1, Math.max(0, whole[Math.floor(p / 3) * 18 + 15 + (p % 3)]!)) * 255) / 255;
        if (Math.abs(ev3[p]! - expected) > 1e-6) differing++;
      }
      expect(differing).toBe(0);
    }
    model.dispose();
  });

  it('patch inference averages overlapping patches and covers every pixel', async () => {
    expect(patchOrigins(10, 4, 3)).toEqual([0, 3, 6]);
    expect(patchOrigins(10, 4, 4)).toEqual([0, 4, 6]);
    expect(patchOrigins(5, 5, 1)).toEqual([0]);
    const image = smallInput();
    const full = await build({}, 2);
    const patched = await build({ overrides: { 'inference.mode': 'patch', 'inference.patch': { size: 16, stride: 5 } } }, 2);
    for (const model of [full, patched]) shiftEveryExposure(model);
    const x = tf.tensor4d(image.data, [1, image.height, image.width, 3]);
    // A context-free chain gives the same value in every patch, so the average must equal the whole-image pass.
    expect(maxDifference(patched.forward(x).dataSync(), full.forward(x).dataSync())).toBeLessThan(1e-6);
    const big = await build({ overrides: { 'inference.mode': 'patch', 'inference.patch': { size: 64, stride: 8 } } }, 6);
    const reference = await build({}, 6);
    // One patch larger than the image is the whole image.
    expect(maxDifference(big.forward(x).dataSync(), reference.forward(x).dataSync())).toBeLessThan(1e-6);
    const before = tf.memory().numTensors;
    const stack = inferredLdrStack(patched, image);
    expect(stack.exposures).toHaveLength(7);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    for (const model of [full, patched, big, reference]) model.dispose();
  });

  it('infers EV -3 and EV +3 only in the one-step modes, and refuses other models and inputs', async () => {
    const direct = await build({ preset: 'direct_ev3' });
    const image = smallInput();
    expect(inferredLdrStack(direct, image).exposures.map((exposure) => exposure.ev)).toEqual([-3, 0, 3]);
    expect((await direct.predict(image)).channels).toBe(3);
    expect(() => inferredLdrStack({ ...direct, id: 'other' }, image)).toThrow(/needs a deep-chain-hdri model/);
    await expect(direct.predict(createHdrImage(4, 4, 1))).rejects.toThrow(/RGB display-referred LDR.*1 channel/);
    direct.dispose();
  });

  it("makes EV 0 as the 'deep-chain' synthesis does: 8-bit sRGB codes of the most even exposure, independent of the HDR's scale", async () => {
    const model = await build();
    const scene = syntheticScene(40, 30, 8);
    const input = model.inputFromHdr(scene);
    expect(model.inputDomain).toBe('display-ldr');
    expect(input.data.every((value) => Math.abs(value * 255 - Math.round(value * 255)) < 1e-4)).toBe(true);
    expect(Array.from(input.data)).toEqual(Array.from(evStackSource(scene).exposures[3]!.image.data));
    const brighter = createHdrImage(40, 30, 3, scene.data.map((value) => value * 16));
    expect(Array.from(model.inputFromHdr(brighter).data)).toEqual(Array.from(input.data));
    // Most even: neither mostly black nor mostly white.
    const codes = Array.from(luminance(input)).sort((a, b) => a - b);
    expect(codes[Math.floor(codes.length / 2)]!).toBeGreaterThan(0.15);
    expect(codes[Math.floor(codes.length / 2)]!).toBeLessThan(0.85);
    model.dispose();
  });
});

/** A small smooth display image with detail, from the synthetic scene. */
function smallInput(): HdrImage {
  const scene = syntheticScene(29, 23, 2);
  return evStackSource(scene).exposures[3]!.image;
}
