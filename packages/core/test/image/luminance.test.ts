import { describe, expect, it } from 'vitest';
import { createHdrImage } from '../../src/image/hdr-image.js';
import { BT709_LUMINANCE, luminance } from '../../src/image/luminance.js';

describe('luminance', () => {
  it('uses the BT.709 weights, which sum to 1', () => {
    expect(BT709_LUMINANCE).toEqual([0.2126, 0.7152, 0.0722]);
    expect(BT709_LUMINANCE[0] + BT709_LUMINANCE[1] + BT709_LUMINANCE[2]).toBeCloseTo(1, 12);
  });

  it('weighs known RGB colours', () => {
    const image = createHdrImage(5, 1, 3, Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 2, 4, 8]));
    const lum = luminance(image);
    expect(lum.length).toBe(5);
    expect(lum[0]).toBeCloseTo(0.2126, 6);
    expect(lum[1]).toBeCloseTo(0.7152, 6);
    expect(lum[2]).toBeCloseTo(0.0722, 6);
    expect(lum[3]).toBeCloseTo(1, 6);
    expect(lum[4]).toBeCloseTo(0.2126 * 2 + 0.7152 * 4 + 0.0722 * 8, 5);
  });

  it('ignores alpha in RGBA images', () => {
    const image = createHdrImage(2, 1, 4, Float32Array.from([0.5, 0.5, 0.5, 0, 0, 1, 0, 1]));
    const lum = luminance(image);
    expect(lum[0]).toBeCloseTo(0.5, 6);
    expect(lum[1]).toBeCloseTo(0.7152, 6);
  });

  it('returns a copy of a 1-channel image', () => {
    const data = Float32Array.from([0.25, 3, -1]);
    const lum = luminance(createHdrImage(3, 1, 1, data));
    expect(Array.from(lum)).toEqual([0.25, 3, -1]);
    lum[0] = 9;
    expect(data[0]).toBe(0.25);
  });
});
