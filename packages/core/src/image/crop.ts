import type { HdrImage } from './hdr-image.js';

function checkInteger(value: number, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

/**
 * Copies the `width` x `height` rectangle whose top-left pixel is (x, y); it must lie inside the image.
 * Generic so that an LdrImage (an HdrImage plus `bitDepth`) comes back as an LdrImage, other fields kept.
 */
export function crop<T extends HdrImage>(image: T, x: number, y: number, width: number, height: number): T {
  checkInteger(width, 'crop width', 1, image.width);
  checkInteger(height, 'crop height', 1, image.height);
  checkInteger(x, 'crop x', 0, image.width - width);
  checkInteger(y, 'crop y', 0, image.height - height);
  const { channels, data } = image;
  const rowLength = width * channels;
  const out = new Float32Array(rowLength * height);
  for (let row = 0; row < height; row++) {
    const start = ((y + row) * image.width + x) * channels;
    out.set(data.subarray(start, start + rowLength), row * rowLength);
  }
  return { ...image, width, height, data: out };
}

/** Crop of the given size centred in the image (rounding the offsets down when the margin is odd). */
export function centerCrop<T extends HdrImage>(image: T, width: number, height: number): T {
  checkInteger(width, 'crop width', 1, image.width);
  checkInteger(height, 'crop height', 1, image.height);
  return crop(image, (image.width - width) >> 1, (image.height - height) >> 1, width, height);
}

/**
 * Top-left corner of a uniformly random `width` x `height` window inside an image, from `rng` (returning
 * values in [0, 1), like Math.random or a seeded generator). Exposed so paired images (input and target)
 * can be cut at the same place.
 */
export function randomCropOrigin(
  imageWidth: number,
  imageHeight: number,
  width: number,
  height: number,
  rng: () => number,
): { x: number; y: number } {
  checkInteger(width, 'crop width', 1, imageWidth);
  checkInteger(height, 'crop height', 1, imageHeight);
  const pick = (span: number): number => {
    const r = rng();
    if (!(r >= 0 && r < 1)) throw new RangeError(`rng must return a number in [0, 1), got ${r}`);
    return Math.floor(r * span);
  };
  const x = pick(imageWidth - width + 1);
  const y = pick(imageHeight - height + 1);
  return { x, y };
}

/** Crop of the given size at a uniformly random position drawn from `rng` (x first, then y). */
export function randomCrop<T extends HdrImage>(image: T, width: number, height: number, rng: () => number): T {
  const { x, y } = randomCropOrigin(image.width, image.height, width, height, rng);
  return crop(image, x, y, width, height);
}
