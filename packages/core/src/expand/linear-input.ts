import type { HdrImage } from '../image/hdr-image.js';
import { BT709_LUMINANCE } from '../image/luminance.js';

/**
 * An LDR image after gamma removal, in float64 so that the operators' arithmetic matches the published
 * double-precision code: colour samples interleaved (1 or 3 per pixel, alpha left out), rows top to bottom.
 */
export interface LinearInput {
  readonly width: number;
  readonly height: number;
  readonly colours: 1 | 3;
  readonly values: Float64Array;
  /** BT.709 luminance of `values` (the grey sample itself for one colour). */
  readonly luminance: Float64Array;
  /** The exponent that was removed, or 0 or less when the input was taken as linear. */
  readonly gammaRemoval: number;
}

/** Raises every colour sample to `gammaRemoval` (none when it is 0 or less) and computes luminance. */
export function linearise(image: HdrImage, gammaRemoval: number): LinearInput {
  const { width, height, channels, data } = image;
  const colours = channels === 1 ? 1 : 3;
  const pixels = width * height;
  const values = new Float64Array(pixels * colours);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < colours; c++) {
      const value = data[p * channels + c]!;
      values[p * colours + c] = gammaRemoval > 0 ? Math.pow(value, gammaRemoval) : value;
    }
  }
  return { width, height, colours, values, luminance: luminanceOf(values, colours), gammaRemoval };
}

function luminanceOf(values: Float64Array, colours: 1 | 3): Float64Array {
  if (colours === 1) return values.slice();
  const [wr, wg, wb] = BT709_LUMINANCE;
  const out = new Float64Array(values.length / 3);
  for (let p = 0, i = 0; p < out.length; p++, i += 3) out[p] = wr * values[i]! + wg * values[i + 1]! + wb * values[i + 2]!;
  return out;
}
