import { HdrMergeError } from './errors.js';
import { GlibcRand } from './glibc-rand.js';

export type SamplingMode = 'grid' | 'random';

/** A pixel position, column x and row y. */
export interface SamplePoint {
  readonly x: number;
  readonly y: number;
}

/**
 * OpenCV 4.6's regular grid: floor(sqrt(samples * width / height)) columns, floor(samples / columns) rows,
 * each point in the middle of its cell; column-major order, which fixes the order of the ln E unknowns.
 * It can hold slightly fewer than `samples` points, as OpenCV's does.
 */
export function gridPoints(samples: number, width: number, height: number): SamplePoint[] {
  const columns = Math.trunc(Math.sqrt((samples * width) / height));
  const rows = columns > 0 ? Math.trunc(samples / columns) : 0;
  if (columns < 1 || columns > width || rows < 1 || rows > height) {
    throw new HdrMergeError(
      `a grid of ${samples} samples does not fit a ${width}x${height} image (${columns} x ${rows} points); choose samples between ${Math.ceil(height / width)} and ${width * height}`,
    );
  }
  const stepX = Math.trunc(width / columns);
  const stepY = Math.trunc(height / rows);
  const points: SamplePoint[] = [];
  for (let i = 0, x = Math.trunc(stepX / 2); i < columns; i++, x += stepX) {
    for (let j = 0, y = Math.trunc(stepY / 2); j < rows; j++, y += stepY) points.push({ x, y });
  }
  return points;
}

/**
 * OpenCV 4.6's random points: Point(rand() % cols, rand() % rows) with glibc's rand() after srand(seed).
 * GCC evaluates those two arguments right to left, so the row is drawn before the column.
 */
export function randomPoints(samples: number, width: number, height: number, seed: number): SamplePoint[] {
  const rand = new GlibcRand(seed);
  const points: SamplePoint[] = [];
  for (let i = 0; i < samples; i++) {
    const y = rand.next() % height;
    const x = rand.next() % width;
    points.push({ x, y });
  }
  return points;
}
