import type { HdrImage } from './hdr-image.js';

/** ITU-R BT.709 relative luminance weights for linear R, G, B (the same primaries as sRGB). */
export const BT709_LUMINANCE = [0.2126, 0.7152, 0.0722] as const;

/**
 * Per-pixel relative luminance of a linear image (BT.709 weights unless others are given), one sample per
 * pixel in row-major order. A 1-channel image
 * is taken to hold luminance already (its samples are copied); for RGBA, alpha is ignored. Non-finite samples
 * propagate (a NaN channel gives a NaN luminance).
 */
export function luminance(image: HdrImage, weights: readonly [number, number, number] = BT709_LUMINANCE): Float32Array {
  const { width, height, channels, data } = image;
  const pixels = width * height;
  if (channels === 1) return data.slice(0, pixels);
  const out = new Float32Array(pixels);
  const [wr, wg, wb] = weights;
  for (let p = 0, i = 0; p < pixels; p++, i += channels) {
    out[p] = wr * data[i] + wg * data[i + 1] + wb * data[i + 2];
  }
  return out;
}
