import { luminance, median, scaleRadiance, type HdrImage } from '@hdr-lab/core';

/**
 * The image divided by its median BT.709 luminance. An image whose median is not positive (at least half of
 * it black) is divided by its mean luminance instead, and returned as it is when that is not positive either:
 * there is no scale to recover from a black image.
 */
export function medianUnits(image: HdrImage): HdrImage {
  const values = luminance(image);
  const middle = median(values);
  if (middle > 0 && Number.isFinite(middle)) return scaleRadiance(image, 1 / middle);
  let sum = 0;
  for (const value of values) sum += Number.isFinite(value) && value > 0 ? value : 0;
  const mean = sum / values.length;
  return mean > 0 ? scaleRadiance(image, 1 / mean) : image;
}
