import { describe, expect, it } from 'vitest';
import { srgbDecode, srgbDecodeArray, srgbEncode, srgbEncodeArray, SRGB_LINEAR_THRESHOLD } from '../../src/color/srgb.js';
import { gammaDecode, gammaEncode } from '../../src/color/transfer.js';

describe('sRGB transfer', () => {
  it('matches known values of IEC 61966-2-1', () => {
    expect(srgbEncode(0)).toBe(0);
    expect(srgbEncode(1)).toBeCloseTo(1, 15);
    expect(srgbEncode(0.5)).toBeCloseTo(0.7353569830524495, 15);
    expect(srgbEncode(0.18)).toBeCloseTo(0.46135612950044164, 14);
    expect(srgbDecode(0.5)).toBeCloseTo(0.21404114048223255, 15);
    expect(srgbDecode(1)).toBeCloseTo(1, 15);
  });

  it('switches to the linear segment at 0.0031308, nearly continuously (the rounded constants leave < 1e-7)', () => {
    expect(srgbEncode(0.002)).toBeCloseTo(0.02584, 15);
    expect(srgbEncode(SRGB_LINEAR_THRESHOLD)).toBeCloseTo(0.040449936, 15);
    expect(srgbEncode(SRGB_LINEAR_THRESHOLD + 1e-12)).toBeCloseTo(1.055 * SRGB_LINEAR_THRESHOLD ** (1 / 2.4) - 0.055, 10);
    expect(srgbEncode(SRGB_LINEAR_THRESHOLD + 1e-12)).toBeCloseTo(srgbEncode(SRGB_LINEAR_THRESHOLD), 7);
    expect(srgbDecode(0.04045)).toBeCloseTo(0.04045 / 12.92, 15);
    expect(srgbEncode(-0.01)).toBeCloseTo(-0.1292, 15);
  });

  it('round-trips across [0, 1]', () => {
    for (let i = 0; i <= 1000; i++) {
      const v = i / 1000;
      expect(srgbDecode(srgbEncode(v))).toBeCloseTo(v, 12);
      expect(srgbEncode(srgbDecode(v))).toBeCloseTo(v, 12);
    }
  });

  it('array versions agree with the scalar ones, in place or not', () => {
    const values = Float32Array.from([0, 0.001, 0.0031308, 0.2, 0.5, 1, 2]);
    const encoded = srgbEncodeArray(values);
    for (let i = 0; i < values.length; i++) expect(encoded[i]).toBe(Math.fround(srgbEncode(values[i])));
    const decoded = srgbDecodeArray(encoded);
    for (let i = 0; i < values.length; i++) expect(decoded[i]).toBeCloseTo(values[i], 6);
    const inPlace = values.slice();
    expect(srgbEncodeArray(inPlace, inPlace)).toBe(inPlace);
    expect(inPlace).toEqual(encoded);
    expect(() => srgbEncodeArray(values, new Float32Array(2))).toThrow(RangeError);
  });
});

describe('gamma transfer', () => {
  it('is a pure power law that round-trips and preserves sign', () => {
    expect(gammaEncode(0.5, 2.2)).toBeCloseTo(0.5 ** (1 / 2.2), 15);
    expect(gammaDecode(gammaEncode(0.3, 2.2), 2.2)).toBeCloseTo(0.3, 15);
    expect(gammaEncode(-0.25, 2)).toBe(-0.5);
  });
});
