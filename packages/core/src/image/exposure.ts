import { createHdrImage, type HdrImage } from './hdr-image.js';

/**
 * Multiplies the colour channels by 2^stops (+1 stop doubles the radiance, -1 halves it); alpha, being
 * coverage rather than light, is copied unchanged. Returns a new image.
 */
export function scaleExposure(image: HdrImage, stops: number): HdrImage {
  if (!Number.isFinite(stops)) throw new RangeError(`stops must be a finite number, got ${stops}`);
  return scaleRadiance(image, Math.pow(2, stops));
}

/** Multiplies the colour channels by `factor` (a unit change or normalisation); alpha is kept. */
export function scaleRadiance(image: HdrImage, factor: number): HdrImage {
  const { width, height, channels, data } = image;
  const out = new Float32Array(data.length);
  if (channels === 4) {
    for (let i = 0; i < data.length; i += 4) {
      out[i] = data[i] * factor;
      out[i + 1] = data[i + 1] * factor;
      out[i + 2] = data[i + 2] * factor;
      out[i + 3] = data[i + 3];
    }
  } else {
    for (let i = 0; i < data.length; i++) out[i] = data[i] * factor;
  }
  return createHdrImage(width, height, channels, out);
}
