import { createHdrImage, rangeLevel, type HdrImage } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { aggregateRangewise, evaluateMetric, evaluateRangewise } from '../../src/index.js';
import { fixtureImage } from '../support/fixture-images.js';

/** A linear HDR scene spanning many stops, from a display fixture: x^2.2 * 2^(8 * x). */
function hdrScene(name: string): HdrImage {
  const image = fixtureImage(name);
  return { ...image, data: Float32Array.from(image.data, (x) => Math.pow(x, 2.2) * Math.pow(2, 8 * x)) };
}

const scaledBy = (image: HdrImage, factor: number): HdrImage => ({ ...image, data: Float32Array.from(image.data, (x) => x * factor) });

describe('the range-wise protocol', () => {
  const reference = hdrScene('desk');
  const prediction = hdrScene('desk-noise');

  it('scores six levels, each the PSNR (peak 255) and SSIM (L 255) of the two quantised levels, and their means', () => {
    const result = evaluateRangewise(reference, prediction);
    expect(result.levels.map((level) => level.level)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(result.levels.every((level) => Number.isFinite(level.psnr) && level.ssim > 0 && level.ssim < 1)).toBe(true);
    expect(result.meanPsnr).toBeCloseTo(result.levels.reduce((sum, level) => sum + level.psnr, 0) / 6, 10);
    expect(result.meanSsim).toBeCloseTo(result.levels.reduce((sum, level) => sum + level.ssim, 0) / 6, 10);
    expect(result.signature).toEqual({
      id: 'rangewise',
      version: '1',
      params: { levels: [3, 4, 5, 6, 7, 8], rounding: 'round', predictionScale: 'gt-median', inputLevel: null, luminance: 'bt709', median: 'reference' },
    });
  });

  it('is invariant to the global scale of both images (median normalisation)', () => {
    const base = evaluateRangewise(reference, prediction);
    const scaled = evaluateRangewise(scaledBy(reference, 64), scaledBy(prediction, 64));
    scaled.levels.forEach((level, index) => expect(level.psnr).toBeCloseTo(base.levels[index]!.psnr, 2));
  });

  it("penalises a prediction's exposure error with gt-median scaling and forgives it with self-median", () => {
    const brighter = scaledBy(reference, 2);
    const strict = evaluateRangewise(reference, brighter);
    expect(strict.levels.every((level) => !level.identical)).toBe(true);
    const lenient = evaluateRangewise(reference, brighter, { predictionScale: 'self-median' });
    expect(lenient.levels.every((level) => level.identical && level.ssim === 1)).toBe(true);
    expect(lenient.meanPsnr).toBeNaN();
  });

  it('anchors a prediction made in input units (1.0 = white of the level-k input)', () => {
    const median = 0.25;
    const ref = createHdrImage(16, 16, 3, new Float32Array(768).fill(median));
    const inInputUnits = scaledBy(ref, 1 / median / (255 * 2 ** -7));
    const result = evaluateRangewise(ref, inInputUnits, { predictionScale: 'input-anchored', inputLevel: 7 });
    expect(result.levels.every((level) => level.identical)).toBe(true);
    expect(() => evaluateRangewise(ref, ref, { predictionScale: 'input-anchored' })).toThrow('needs inputLevel');
  });

  it('matches PSNR and SSIM of levels built by hand from the median-normalised images', () => {
    const y = (image: HdrImage) => Float32Array.from({ length: image.width * image.height }, (_, p) =>
      0.2126 * image.data[p * 3]! + 0.7152 * image.data[p * 3 + 1]! + 0.0722 * image.data[p * 3 + 2]!);
    const sorted = Float64Array.from(y(reference)).sort();
    const middle = sorted.length >> 1;
    const m = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    const level6 = (image: HdrImage) => createHdrImage(image.width, image.height, 3, Float32Array.from(rangeLevel(scaledBy(image, 1 / m), 6)));
    const [a, b] = [level6(reference), level6(prediction)];
    const result = evaluateRangewise(reference, prediction, { levels: [6] }).levels[0]!;
    expect(result.psnr).toBeCloseTo(evaluateMetric('psnr', a, b, { peak: 255 }).value, 4);
    expect(result.ssim).toBeCloseTo(evaluateMetric('ssim', a, b, { dynamicRange: 255 }).value, 6);
  });

  it('averages each level over images, leaving infinite PSNRs out and counting them', () => {
    const a = evaluateRangewise(reference, prediction);
    const identical = evaluateRangewise(reference, reference);
    const summary = aggregateRangewise([a, identical]);
    summary.levels.forEach((level, index) => {
      expect(level).toMatchObject({ level: a.levels[index]!.level, excluded: 1, images: 2 });
      expect(level.meanPsnr).toBeCloseTo(a.levels[index]!.psnr, 10);
      expect(level.meanSsim).toBeCloseTo((a.levels[index]!.ssim + 1) / 2, 10);
    });
    expect(summary.meanPsnr).toBeCloseTo(a.meanPsnr, 10);
  });

  it('refuses a reference whose median luminance is not positive', () => {
    const black = createHdrImage(16, 16, 3);
    expect(() => evaluateRangewise(black, black)).toThrow("rangewise: the reference's median luminance is 0; it must be positive");
  });
});
