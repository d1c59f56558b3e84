import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flipped } from '../../../src/zoo/attention-drdb/augment.js';
import { attentionDrdb } from '../../../src/zoo/attention-drdb/definition.js';
import { encodeTarget } from '../../../src/zoo/attention-drdb/encoding.js';
import { attentionMask, evAlign, networkInputs, type LdrExposure } from '../../../src/zoo/attention-drdb/inputs.js';
import { histogram256, lumaCode, lumaCodes, otsuThreshold } from '../../../src/zoo/attention-drdb/otsu.js';
import { bracketSource, seededDraw, tinyConfig } from './support.js';

/** An RGB grey exposure from 8-bit codes, `width` x 1. */
function greyExposure(codes: readonly number[], time: number): LdrExposure {
  return { width: codes.length, height: 1, time, data: Float32Array.from(codes.flatMap((code) => [code / 255, code / 255, code / 255])) };
}

describe('attention-drdb Otsu masks', () => {
  it('Otsu on a hand-checkable histogram: 4 px at 0, 4 at 100, 8 at 200 -> T = 100', () => {
    // T in [0, 100): q1 = 1/4, means 0 and 2000/12, sigma_b = 1/4 * 3/4 * 166.7^2 = 5208; T in [100, 200):
    // q1 = 1/2, means 50 and 200, sigma_b = 1/4 * 150^2 = 5625, the larger; OpenCV keeps the first level of it.
    const histogram = new Uint32Array(256);
    histogram[0] = 4;
    histogram[100] = 4;
    histogram[200] = 8;
    expect(otsuThreshold(histogram)).toBe(100);
    const one = new Uint32Array(256);
    one[77] = 10;
    expect(otsuThreshold(one)).toBe(0);
    expect(() => otsuThreshold(new Uint32Array(255))).toThrow(/256-bin/);
  });

  it('luma is OpenCV RGB2YUV fixed point (red 76, green 150, blue 29, white 255)', () => {
    expect([lumaCode(255, 0, 0), lumaCode(0, 255, 0), lumaCode(0, 0, 255), lumaCode(255, 255, 255), lumaCode(10, 20, 30)]).toEqual([76, 150, 29, 255, 18]);
  });

  it('short keeps Y > T, long keeps Y <= T', () => {
    const exposure = greyExposure([40, 40, 40, 180, 180, 180, 180, 90], 1);
    // Levels 40 (3 px), 90 (1 px), 180 (4 px): {40} | {90, 180} has sigma_b = 3/8 * 5/8 * (162 - 40)^2 = 3488,
    // {40, 90} | {180} has 1/2 * 1/2 * (180 - 52.5)^2 = 4064, so T = 90 and the 90 px counts as dark.
    expect(otsuThreshold(histogram256(Uint8Array.from([40, 40, 40, 180, 180, 180, 180, 90])))).toBe(90);
    expect(Array.from(attentionMask(exposure, 'bright'))).toEqual([0, 0, 0, 1, 1, 1, 1, 0]);
    expect(Array.from(attentionMask(exposure, 'dark'))).toEqual([1, 1, 1, 0, 0, 0, 0, 1]);
  });
});

interface OtsuCase {
  readonly width: number;
  readonly height: number;
  readonly rgb: number[];
  readonly luma: number[];
  readonly threshold: number;
  readonly short: string;
  readonly long: string;
}

describe('attention-drdb masks against OpenCV (fixtures/make-otsu-fixture.py)', () => {
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/otsu.json', import.meta.url), 'utf8')) as { cases: Record<string, OtsuCase> };

  it.each(Object.entries(fixture.cases))('%s: luma, threshold and both masks equal cv2 RGB2YUV + THRESH_OTSU', (_, testCase) => {
    const exposure: LdrExposure = { width: testCase.width, height: testCase.height, time: 1, data: Float32Array.from(testCase.rgb, (code) => code / 255) };
    const luma = lumaCodes(exposure.data);
    expect(Array.from(luma)).toEqual(testCase.luma);
    expect(otsuThreshold(histogram256(luma))).toBe(testCase.threshold);
    expect(Array.from(attentionMask(exposure, 'bright')).join('')).toBe(testCase.short);
    expect(Array.from(attentionMask(exposure, 'dark')).join('')).toBe(testCase.long);
  });
});

describe('attention-drdb network inputs', () => {
  const exposures = [greyExposure([255, 128, 0], 1), greyExposure([255, 128, 0], 4), greyExposure([255, 128, 0], 16)];

  it('each exposure is [L, EValign(L)] with stops log2(t / t_medium), not clipped; the medium is [L, L]', () => {
    const inputs = networkInputs(exposures, { gamma: 2.24, vam: true });
    expect(inputs.short.shape).toEqual([1, 3, 6]);
    expect(inputs.maskShort.shape).toEqual([1, 3, 1]);
    const brightened = 4 ** (1 / 2.24);
    expect(inputs.short.data[3]).toBeCloseTo(brightened, 6);
    expect(inputs.short.data[3]!).toBeGreaterThan(1);
    expect(inputs.short.data[6 + 3]).toBeCloseTo((128 / 255) * brightened, 6);
    expect(inputs.long.data[6 + 4]).toBeCloseTo((128 / 255) / brightened, 6);
    expect(evAlign(0.5, -2, 2.24)).toBeCloseTo(((0.5 ** 2.24 * 4) ** (1 / 2.24)), 12);
    expect(Array.from(inputs.medium.data.subarray(6, 12))).toEqual(Array(6).fill(Math.fround(128 / 255)));
    expect(Array.from(networkInputs(exposures, { gamma: 2.24, vam: false }).maskLong.data)).toEqual([1, 1, 1]);
  });

  it('example(): the inputs of the exposures and target sigmoid(GT^(1/2.24)); flips move every array alike', () => {
    const source = bracketSource(16, 3);
    const plain = attentionDrdb.data(tinyConfig({ 'data.flips': false })).example(source, seededDraw(1));
    expect(Object.keys(plain).sort()).toEqual(['long', 'maskLong', 'maskShort', 'medium', 'short', 'target']);
    const direct = networkInputs(
      source.exposures.map((e) => ({ width: 16, height: 16, time: e.time, data: e.image.data })),
      { gamma: 2.24, vam: true },
    );
    expect(plain['short']!.data).toEqual(direct.short.data);
    expect(plain['maskLong']!.data).toEqual(direct.maskLong.data);
    const g = source.groundTruth.data[40]! ** (1 / 2.24);
    expect(plain['target']!.data[40]).toBeCloseTo(1 / (1 + Math.exp(-g)), 6);

    const draws = seededDraw(5);
    const copy = seededDraw(5);
    const flippedExample = attentionDrdb.data(tinyConfig()).example(source, draws);
    const vertical = copy(2) === 1;
    const horizontal = copy(2) === 1;
    for (const name of Object.keys(plain)) expect(flippedExample[name]!.data).toEqual(flipped(plain[name]!, vertical, horizontal).data);
    const image = flipped({ data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3, 1] }, true, true);
    expect(Array.from(image.data)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('inputNoiseStd adds seeded noise to the 8-bit exposures (re-quantised), not to the target', () => {
    const source = bracketSource(16, 3);
    const noisy = attentionDrdb.data(tinyConfig({ 'data.flips': false, 'data.inputNoiseStd': 0.05 }));
    const clean = attentionDrdb.data(tinyConfig({ 'data.flips': false })).example(source, seededDraw(1));
    const a = noisy.example(source, seededDraw(2));
    expect(noisy.example(source, seededDraw(2))['medium']!.data).toEqual(a['medium']!.data);
    expect(a['target']!.data).toEqual(clean['target']!.data);
    const ldr = Array.from(a['medium']!.data.filter((_, i) => i % 6 < 3));
    expect(ldr.every((value) => Math.abs(value * 255 - Math.round(value * 255)) < 1e-3 && value >= 0 && value <= 1)).toBe(true);
    const cleanLdr = Array.from(clean['medium']!.data.filter((_, i) => i % 6 < 3));
    const rms = Math.sqrt(ldr.reduce((sum, value, i) => sum + (value - cleanLdr[i]!) ** 2, 0) / ldr.length);
    expect(rms).toBeGreaterThan(0.02);
    expect(rms).toBeLessThan(0.06);
  });

  it('the target encoding takes negative radiance as 0', () => {
    expect(Array.from(encodeTarget(Float32Array.from([-1, 0, 1]), 2.24))).toEqual([0.5, 0.5, Math.fround(1 / (1 + Math.exp(-1)))]);
  });
});
