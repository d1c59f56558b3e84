import { describe, expect, it } from 'vitest';
import { scaleExposure } from '../../src/image/exposure.js';
import { createHdrImage } from '../../src/image/hdr-image.js';

describe('scaleExposure', () => {
  it('doubles per stop up and halves per stop down', () => {
    const image = createHdrImage(2, 1, 3, Float32Array.from([0.1, 0.2, 0.3, 1, 2, 3]));
    expect(Array.from(scaleExposure(image, 1).data)).toEqual(Array.from(image.data, (v) => Math.fround(v * 2)));
    expect(Array.from(scaleExposure(image, -2).data)).toEqual(Array.from(image.data, (v) => Math.fround(v / 4)));
    expect(scaleExposure(image, 0.5).data[3]).toBeCloseTo(Math.SQRT2, 6);
  });

  it('keeps alpha and leaves the input untouched', () => {
    const image = createHdrImage(1, 1, 4, Float32Array.from([1, 2, 3, 0.5]));
    const out = scaleExposure(image, 3);
    expect(Array.from(out.data)).toEqual([8, 16, 24, 0.5]);
    expect(Array.from(image.data)).toEqual([1, 2, 3, 0.5]);
  });

  it('rejects non-finite stops', () => {
    expect(() => scaleExposure(createHdrImage(1, 1, 1), Infinity)).toThrow(RangeError);
  });
});
