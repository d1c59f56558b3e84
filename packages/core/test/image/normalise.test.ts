import { describe, expect, it } from 'vitest';
import { createHdrImage } from '../../src/image/hdr-image.js';
import { luminance } from '../../src/image/luminance.js';
import { normaliseMedianLuminance } from '../../src/image/normalise.js';
import { median } from '../../src/image/statistics.js';
import { seededRng } from '../support/mutate.js';

function randomImage(width: number, height: number, channels: 1 | 3 | 4, seed: number) {
  const rng = seededRng(seed);
  const data = Float32Array.from({ length: width * height * channels }, () => 0.01 + 50 * rng() ** 3);
  return createHdrImage(width, height, channels, data);
}

describe('normaliseMedianLuminance', () => {
  it('makes the median luminance 1 by default', () => {
    const image = randomImage(31, 17, 3, 1);
    const { image: out, scale, medianLuminance } = normaliseMedianLuminance(image);
    expect(medianLuminance).toBeCloseTo(median(luminance(image)), 12);
    expect(scale).toBeCloseTo(1 / medianLuminance, 12);
    expect(median(luminance(out))).toBeCloseTo(1, 6);
    expect(out.data[5]).toBeCloseTo(image.data[5] * scale, 4);
  });

  it('reaches any positive target, and leaves alpha alone', () => {
    const image = randomImage(20, 20, 4, 2);
    const { image: out } = normaliseMedianLuminance(image, { target: 0.18 });
    expect(median(luminance(out))).toBeCloseTo(0.18, 7);
    for (let i = 3; i < out.data.length; i += 4) expect(out.data[i]).toBe(image.data[i]);
  });

  it('computes the median over finite pixels only', () => {
    const data = Float32Array.from([2, 4, 8, NaN, Infinity]);
    const { image: out, medianLuminance } = normaliseMedianLuminance(createHdrImage(5, 1, 1, data));
    expect(medianLuminance).toBe(4);
    expect(Array.from(out.data.subarray(0, 3))).toEqual([0.5, 1, 2]);
    expect(out.data[3]).toBeNaN();
  });

  it('refuses a zero median without a floor and uses the floor when given', () => {
    const image = createHdrImage(4, 1, 1, Float32Array.from([0, 0, 0, 2]));
    expect(() => normaliseMedianLuminance(image)).toThrow(/median luminance is 0/);
    const { image: out, scale } = normaliseMedianLuminance(image, { floor: 0.5 });
    expect(scale).toBe(2);
    expect(Array.from(out.data)).toEqual([0, 0, 0, 4]);
  });

  it('refuses an image without a finite pixel, even with a floor', () => {
    const image = createHdrImage(2, 1, 1, Float32Array.from([NaN, Infinity]));
    expect(() => normaliseMedianLuminance(image, { floor: 1 })).toThrow(/no finite luminance/);
  });

  it('validates target and floor', () => {
    const image = randomImage(2, 2, 1, 3);
    expect(() => normaliseMedianLuminance(image, { target: 0 })).toThrow(RangeError);
    expect(() => normaliseMedianLuminance(image, { floor: -1 })).toThrow(RangeError);
  });

  it('does not modify its input', () => {
    const image = randomImage(5, 5, 3, 4);
    const before = image.data.slice();
    normaliseMedianLuminance(image, { target: 3 });
    expect(image.data).toEqual(before);
  });
});
