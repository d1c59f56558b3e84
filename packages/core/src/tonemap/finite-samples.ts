import type { HdrImage } from '../image/hdr-image.js';

/** A sample of an image: pixel (x, y), 0-based from the top-left, and its channel. */
export interface SamplePosition {
  readonly x: number;
  readonly y: number;
  readonly channel: number;
}

/**
 * Raised for an image holding NaN or infinite samples where only finite ones have a meaning (tone mapping,
 * metrics). Names how many there are and where the first is, so the broken file or pixel can be found.
 */
export class NonFiniteSampleError extends Error {
  override readonly name = 'NonFiniteSampleError';
  constructor(
    /** What the image is: 'reference', 'test', a file name, an operator's output... */
    readonly image: string,
    readonly count: number,
    readonly first: SamplePosition,
    readonly firstValue: number,
  ) {
    super(
      `${image}: ${count} non-finite sample${count === 1 ? '' : 's'} (NaN or infinite); ` +
        `the first is ${firstValue} at x=${first.x}, y=${first.y}, channel ${first.channel}`,
    );
  }
}

/** Throws {@link NonFiniteSampleError} when any sample (alpha included) is NaN or infinite. */
export function assertFiniteSamples(image: HdrImage, label: string): void {
  const { data, width, channels } = image;
  let count = 0;
  let first = -1;
  for (let i = 0; i < data.length; i++) {
    if (Number.isFinite(data[i]!)) continue;
    if (count === 0) first = i;
    count++;
  }
  if (count === 0) return;
  const pixel = Math.floor(first / channels);
  const position = { x: pixel % width, y: Math.floor(pixel / width), channel: first % channels };
  throw new NonFiniteSampleError(label, count, position, data[first]!);
}

/** Negative colour samples (alpha is not light and is left alone). */
export function countNegativeColour(image: HdrImage): number {
  const { data, channels } = image;
  const colour = channels === 4 ? 3 : channels;
  let count = 0;
  for (let i = 0; i < data.length; i++) if (i % channels < colour && data[i]! < 0) count++;
  return count;
}
