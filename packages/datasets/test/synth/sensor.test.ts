import { createHdrImage, decodeLdr, encodeLdr, type HdrImage } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { parseSynthPipeline, runSynthPipeline } from '../../src/synth/index.js';
import { sameBytes, texturedScene } from './support/scenes.js';

const run = async (steps: object[], image: HdrImage, seed = 0) => runSynthPipeline(parseSynthPipeline(steps), image, seed);
const flat = (value: number, pixels = 40000) => createHdrImage(pixels, 1, 1, new Float32Array(pixels).fill(value));

describe('clipping and quantisation', () => {
  it('clip to [0, 1] exactly: inside values keep their bits, outside values become the bound, NaN 0', async () => {
    const values = Float32Array.of(-2, -0, 0, 1e-30, 0.1, 0.5, 0.99999994, 1, 1.0000001, 7, Infinity, NaN);
    const { sample } = await run([{ step: 'expose' }, { step: 'clip' }], createHdrImage(values.length, 1, 1, values));
    expect([...sample.exposures[0]!.image.data]).toEqual([0, 0, 0, Math.fround(1e-30), Math.fround(0.1), 0.5, Math.fround(0.99999994), 1, 1, 1, 1, 0]);
  });

  it("quantise to the very floats core decodes from an 8-bit PNG of the same codes, halves rounding up", async () => {
    const values = Float32Array.from({ length: 3 * 1024 }, (_, i) => (i % 1024) / 1023);
    const image = createHdrImage(1024, 1, 3, values);
    const { sample } = await run([{ step: 'expose' }, { step: 'clip' }, { step: 'camera-curve', curve: 'linear' }, { step: 'quantise' }], image);
    const quantised = sample.exposures[0]!.image;
    const png = await encodeLdr({ ...quantised, bitDepth: 8 }, 'png');
    expect(sameBytes((await decodeLdr(png)).image.data, quantised.data)).toBe(true);
    const worst = values.reduce((max, v, i) => Math.max(max, Math.abs(quantised.data[i]! - v)), 0);
    expect(worst).toBeLessThanOrEqual(0.5 / 255 + 1e-7);
    const halves = await run([{ step: 'expose' }, { step: 'clip' }, { step: 'camera-curve', curve: 'linear' }, { step: 'quantise', bits: 2 }], createHdrImage(3, 1, 1, Float32Array.of(0.5 / 3, 1.5 / 3, 2.4 / 3)));
    expect([...halves.sample.exposures[0]!.image.data]).toEqual([1 / 3, 2 / 3, 2 / 3].map(Math.fround));
    const again = await run([{ step: 'expose' }, { step: 'clip' }, { step: 'camera-curve', curve: 'linear' }, { step: 'quantise' }, { step: 'quantise' }], image);
    expect(sameBytes(again.sample.exposures[0]!.image.data, quantised.data)).toBe(true);
  });
});

describe('JPEG at a quality', () => {
  it('loses less the higher the quality (mean squared error strictly falls from 10 to 100) and records the size', async () => {
    const scene = texturedScene(128, 96);
    const base = [{ step: 'expose', stops: 3 }, { step: 'clip' }, { step: 'camera-curve', curve: 'srgb' }, { step: 'quantise' }];
    const reference = (await run(base, scene)).sample.exposures[0]!.image.data;
    const errors: number[] = [];
    const sizes: number[] = [];
    for (const quality of [10, 30, 50, 70, 90, 100]) {
      const { sample, signature } = await run([...base, { step: 'jpeg', quality }], scene);
      const data = sample.exposures[0]!.image.data;
      errors.push(data.reduce((sum, v, i) => sum + (v - reference[i]!) ** 2, 0) / data.length);
      sizes.push((signature.steps[4]!.draws as { bytes: number[] }).bytes[0]!);
      expect(data.every((v) => Math.fround(Math.round(v * 255) / 255) === v)).toBe(true);
    }
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeLessThan(errors[i - 1]!);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThan(sizes[i - 1]!);
    expect(errors[5]).toBeLessThan(errors[0]! / 20);
  });

  it('draws the quality per sample from quality..qualityMax when a range is given', async () => {
    const scene = texturedScene(32, 16);
    const steps = [{ step: 'expose' }, { step: 'clip' }, { step: 'camera-curve', curve: 'srgb' }, { step: 'jpeg', quality: 30, qualityMax: 100 }];
    const qualities = new Set<number>();
    for (let seed = 0; seed < 12; seed++) {
      const quality = ((await run(steps, scene, seed)).signature.steps[3]!.draws as { quality: number }).quality;
      expect(quality).toBeGreaterThanOrEqual(30);
      expect(quality).toBeLessThanOrEqual(100);
      qualities.add(quality);
    }
    expect(qualities.size).toBeGreaterThan(6);
  });
});

describe('Poisson-Gaussian sensor noise', () => {
  const statistics = (data: Float32Array) => {
    const mean = data.reduce((sum, v) => sum + v, 0) / data.length;
    return { mean, variance: data.reduce((sum, v) => sum + (v - mean) ** 2, 0) / data.length };
  };

  it('has mean x and variance x / fullWell + (readNoise / fullWell)^2 in linear exposure units', async () => {
    for (const [x, fullWell, readNoise] of [
      [0.25, 1000, 5],
      [0.02, 4000, 2],
      [0, 1000, 8],
      [0.6, 20000, 0],
    ] as const) {
      const { sample } = await run([{ step: 'expose' }, { step: 'noise', fullWell, readNoise }], flat(x), 4);
      const { mean, variance } = statistics(sample.exposures[0]!.image.data);
      const expected = x / fullWell + (readNoise / fullWell) ** 2;
      expect(Math.abs(mean - x)).toBeLessThan(5 * Math.sqrt(expected / 40000));
      expect(Math.abs(variance / expected - 1)).toBeLessThan(0.04);
    }
  });

  it('is the same for a seed, differs between seeds, and each exposure of a stack draws its own noise', async () => {
    const steps = [{ step: 'ev-stack', middle: 0, evs: [-1, 0, 1] }, { step: 'noise' }];
    const a = await run(steps, flat(0.3, 4000), 8);
    const b = await run(steps, flat(0.3, 4000), 8);
    const c = await run(steps, flat(0.3, 4000), 9);
    a.sample.exposures.forEach((exposure, i) => expect(sameBytes(exposure.image.data, b.sample.exposures[i]!.image.data)).toBe(true));
    expect(sameBytes(a.sample.exposures[1]!.image.data, c.sample.exposures[1]!.image.data)).toBe(false);
    const [dark, middle] = a.sample.exposures.map((exposure) => exposure.image.data);
    const noiseDark = dark!.map((v) => v - 0.15);
    const noiseMiddle = middle!.map((v) => v - 0.3);
    const dot = noiseDark.reduce((sum, v, i) => sum + v * noiseMiddle[i]!, 0);
    const norm = Math.sqrt(noiseDark.reduce((sum, v) => sum + v * v, 0) * noiseMiddle.reduce((sum, v) => sum + v * v, 0));
    expect(Math.abs(dot / norm)).toBeLessThan(0.08);
  });
});
