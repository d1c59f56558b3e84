import { createHdrImage, type HdrImage } from './hdr-image.js';
import { luminance } from './luminance.js';
import { median } from './statistics.js';

export interface MedianNormaliseOptions {
  /** Median luminance of the result; default 1. */
  target?: number;
  /**
   * Smallest median accepted as the divisor. Without it, an image whose median luminance is 0 (mostly black)
   * is an error; with it, such an image is divided by `floor` instead, so it is brightened by a bounded factor.
   */
  floor?: number;
}

export interface MedianNormalisation {
  readonly image: HdrImage;
  /** Factor the colour channels were multiplied by: divide by it to recover the original radiance scale. */
  readonly scale: number;
  /** Median BT.709 luminance of the input (finite pixels only). */
  readonly medianLuminance: number;
}

/**
 * Scales the colour channels so that the median BT.709 luminance becomes `target`, which puts images shot at
 * different exposures on a common scale. Alpha is left as is. Throws when the median is not finite (no
 * finite pixels) or not positive without a `floor` to fall back on.
 */
export function normaliseMedianLuminance(image: HdrImage, options: MedianNormaliseOptions = {}): MedianNormalisation {
  const target = options.target ?? 1;
  if (!(target > 0 && target < Infinity)) throw new RangeError(`target must be a positive finite number, got ${target}`);
  const floor = options.floor;
  if (floor !== undefined && !(floor > 0 && floor < Infinity)) {
    throw new RangeError(`floor must be a positive finite number, got ${floor}`);
  }
  const medianLuminance = median(luminance(image));
  if (!Number.isFinite(medianLuminance)) {
    throw new Error('cannot normalise: the image has no finite luminance values, so its median is undefined');
  }
  let divisor = medianLuminance;
  if (floor !== undefined) divisor = Math.max(divisor, floor);
  else if (!(divisor > 0)) {
    throw new Error(
      `cannot normalise: median luminance is ${medianLuminance} (at least half the pixels are black or negative); ` +
        'pass a floor to scale such images by target / floor',
    );
  }
  const scale = target / divisor;
  const { width, height, channels, data } = image;
  const out = new Float32Array(data.length);
  const colourChannels = channels === 4 ? 3 : channels;
  for (let i = 0; i < data.length; i += channels) {
    for (let c = 0; c < colourChannels; c++) out[i + c] = data[i + c] * scale;
    if (channels === 4) out[i + 3] = data[i + 3];
  }
  return { image: createHdrImage(width, height, channels, out), scale, medianLuminance };
}
