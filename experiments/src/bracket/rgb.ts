import { createHdrImage, type HdrImage } from '@hdr-lab/core';

/**
 * The three colour channels of a decoded image: grey is copied to R, G and B, alpha is dropped (exposures
 * and ground truths are opaque photographs; a viewer's alpha says nothing about radiance).
 */
export function rgbOf(image: HdrImage): HdrImage {
  const { width, height, channels, data } = image;
  if (channels === 3) return createHdrImage(width, height, 3, data);
  const rgb = new Float32Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) rgb[p * 3 + c] = data[p * channels + (channels < 3 ? 0 : c)]!;
  }
  return createHdrImage(width, height, 3, rgb);
}
