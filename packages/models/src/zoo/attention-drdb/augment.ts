import type { ExampleArray } from '../../registry/model.js';

/** A standard normal number from two uniform draws (Box-Muller), `draw(n)` being uniform on [0, n). */
function gaussian(draw: (count: number) => number): number {
  const resolution = 2 ** 30;
  const u1 = (draw(resolution) + 0.5) / resolution;
  const u2 = (draw(resolution) + 0.5) / resolution;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** An 8-bit LDR image in [0, 1] with Gaussian noise of `std` added, clipped and re-quantised as a noisy image file would be. */
export function withNoise(data: Float32Array, std: number, draw: (count: number) => number): Float32Array {
  return Float32Array.from(data, (value) => Math.round(Math.min(1, Math.max(0, value + std * gaussian(draw))) * 255) / 255);
}

/** An HWC array mirrored top-bottom and/or left-right. */
export function flipped(array: ExampleArray, vertical: boolean, horizontal: boolean): ExampleArray {
  if (!vertical && !horizontal) return array;
  const [height, width, channels] = array.shape as [number, number, number];
  const out = new Float32Array(array.data.length);
  for (let y = 0; y < height; y++) {
    const fromY = vertical ? height - 1 - y : y;
    for (let x = 0; x < width; x++) {
      const from = (fromY * width + (horizontal ? width - 1 - x : x)) * channels;
      out.set(array.data.subarray(from, from + channels), (y * width + x) * channels);
    }
  }
  return { data: out, shape: array.shape };
}
