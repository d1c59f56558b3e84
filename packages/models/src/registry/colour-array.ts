import type { HdrImage } from '@hdr-lab/core';
import type { ExampleArray } from './model.js';

/** An image's colour channels as an HWC example array: a ground truth may carry alpha, or be grey. */
export function colourArray(image: HdrImage): ExampleArray {
  const { width, height, channels, data } = image;
  if (channels === 3) return { data, shape: [height, width, 3] };
  const out = new Float32Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) out[p * 3 + c] = data[p * channels + (channels === 1 ? 0 : c)]!;
  }
  return { data: out, shape: [height, width, 3] };
}
