import { createHdrImage, type HdrImage } from './hdr-image.js';

/** The image mirrored left to right. */
export function flipHorizontal(image: HdrImage): HdrImage {
  const { width, height, channels, data } = image;
  const out = createHdrImage(width, height, channels);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const from = (r * width + c) * channels;
      out.data.set(data.subarray(from, from + channels), (r * width + (width - 1 - c)) * channels);
    }
  }
  return out;
}

/** The image turned by `quarterTurns` x 90 degrees counter-clockwise (any integer; width and height swap for odd turns). */
export function rotateQuarterTurns(image: HdrImage, quarterTurns: number): HdrImage {
  const turns = ((quarterTurns % 4) + 4) % 4;
  if (turns === 0) return createHdrImage(image.width, image.height, image.channels, image.data.slice());
  const { width, height, channels, data } = image;
  const [outWidth, outHeight] = turns === 2 ? [width, height] : [height, width];
  const out = createHdrImage(outWidth, outHeight, channels);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const [x, y] = turns === 1 ? [r, width - 1 - c] : turns === 2 ? [width - 1 - c, height - 1 - r] : [height - 1 - r, c];
      const from = (r * width + c) * channels;
      out.data.set(data.subarray(from, from + channels), (y * outWidth + x) * channels);
    }
  }
  return out;
}
