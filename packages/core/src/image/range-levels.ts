import type { HdrImage } from './hdr-image.js';

/** The range-wise protocol's levels: step 2^-k for k = 3..8 (Moriwaki et al., levels a..f). */
export const DEFAULT_RANGE_LEVELS = [3, 4, 5, 6, 7, 8] as const;

export type RangeRounding = 'round' | 'floor';

/**
 * One linear 8-bit level of an HDR image: clip(Q(X / 2^-k), 0, 255) per colour channel, with Q
 * round-half-up (or floor). Level k covers 2^-k (code 1) to about 2^(8-k) (code 255): no gamma and no
 * camera curve, like the papers' inputs. Alpha is dropped. Used both to evaluate and to make inputs.
 */
export function rangeLevel(image: HdrImage, k: number, rounding: RangeRounding = 'round'): Uint8Array {
  if (!Number.isInteger(k)) throw new RangeError(`range level must be an integer exponent, got ${k}`);
  const colour = image.channels === 4 ? 3 : image.channels;
  const pixels = image.width * image.height;
  const out = new Uint8Array(pixels * colour);
  const inverseStep = Math.pow(2, k);
  const offset = rounding === 'round' ? 0.5 : 0;
  const { data, channels } = image;
  for (let p = 0, o = 0; p < pixels; p++) {
    for (let c = 0, i = p * channels; c < colour; c++, i++, o++) {
      const code = Math.floor(data[i]! * inverseStep + offset);
      out[o] = code >= 255 ? 255 : code > 0 ? code : 0;
    }
  }
  return out;
}
