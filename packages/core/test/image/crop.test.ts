import { describe, expect, it } from 'vitest';
import { centerCrop, crop, randomCrop, randomCropOrigin } from '../../src/image/crop.js';
import { createHdrImage } from '../../src/image/hdr-image.js';
import type { LdrImage } from '../../src/image/ldr-image.js';
import { seededRng } from '../support/mutate.js';

/** 5x4 RGB image whose samples encode their position: 100 y + 10 x + c. */
const image = createHdrImage(
  5,
  4,
  3,
  Float32Array.from({ length: 60 }, (_, i) => {
    const pixel = Math.floor(i / 3);
    return 100 * Math.floor(pixel / 5) + 10 * (pixel % 5) + (i % 3);
  }),
);

describe('crop', () => {
  it('copies the requested rectangle', () => {
    const out = crop(image, 1, 2, 3, 2);
    expect([out.width, out.height, out.channels]).toEqual([3, 2, 3]);
    expect(Array.from(out.data)).toEqual([210, 211, 212, 220, 221, 222, 230, 231, 232, 310, 311, 312, 320, 321, 322, 330, 331, 332]);
  });

  it('returns a copy even for the whole image', () => {
    const out = crop(image, 0, 0, 5, 4);
    expect(out.data).toEqual(image.data);
    expect(out.data).not.toBe(image.data);
  });

  it('rejects rectangles that leave the image, and non-integer or empty ones', () => {
    expect(() => crop(image, 3, 0, 3, 1)).toThrow(/crop x must be an integer in \[0, 2\]/);
    expect(() => crop(image, 0, 1, 1, 4)).toThrow(/crop y/);
    expect(() => crop(image, -1, 0, 1, 1)).toThrow(RangeError);
    expect(() => crop(image, 0, 0, 6, 1)).toThrow(/crop width/);
    expect(() => crop(image, 0, 0, 0, 1)).toThrow(/crop width/);
    expect(() => crop(image, 0.5, 0, 1, 1)).toThrow(/crop x/);
  });

  it('keeps the bit depth of an LDR image', () => {
    const ldr: LdrImage = { width: 2, height: 1, channels: 1, bitDepth: 16, data: Float32Array.from([0.25, 0.75]) };
    const out = crop(ldr, 1, 0, 1, 1);
    expect(out.bitDepth).toBe(16);
    expect(Array.from(out.data)).toEqual([0.75]);
  });
});

describe('centerCrop', () => {
  it('centres the window, rounding odd margins down', () => {
    const out = centerCrop(image, 2, 2);
    expect(out.data[0]).toBe(110);
    expect(centerCrop(image, 3, 2).data[0]).toBe(110);
    expect(centerCrop(image, 5, 4).data).toEqual(image.data);
  });
});

describe('randomCrop', () => {
  it('maps the rng to every possible origin, x first', () => {
    const draws = [0, 0.999, 0.5, 0.25];
    let next = 0;
    const rng = () => draws[next++];
    expect(randomCropOrigin(5, 4, 2, 2, rng)).toEqual({ x: 0, y: 2 });
    expect(randomCropOrigin(5, 4, 2, 2, rng)).toEqual({ x: 2, y: 0 });
  });

  it('crops where the origin says, reproducibly for a seeded rng', () => {
    const { x, y } = randomCropOrigin(5, 4, 3, 2, seededRng(11));
    const out = randomCrop(image, 3, 2, seededRng(11));
    expect(out.data[0]).toBe(100 * y + 10 * x);
    expect(out.data).toEqual(crop(image, x, y, 3, 2).data);
  });

  it('rejects an rng outside [0, 1) and windows larger than the image', () => {
    expect(() => randomCrop(image, 2, 2, () => 1)).toThrow(/rng must return/);
    expect(() => randomCrop(image, 2, 2, () => NaN)).toThrow(/rng must return/);
    expect(() => randomCrop(image, 6, 2, () => 0)).toThrow(/crop width/);
  });
});
