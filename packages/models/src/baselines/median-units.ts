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

/**
 * `output` in the units of the linear input times `scale`: scaled so that its median luminance is the scaled
 * input's. Without a scale, or where either median is not positive, median-normalised.
 */
export function inputUnits(output: HdrImage, linearInput: HdrImage, scale: number | undefined): HdrImage {
  if (scale === undefined) return medianUnits(output);
  const target = median(luminance(linearInput)) * scale;
  const current = median(luminance(output));
  return target > 0 && current > 0 && Number.isFinite(target / current) ? scaleRadiance(output, target / current) : medianUnits(output);
}
