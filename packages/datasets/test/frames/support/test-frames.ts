import { pqInverseEotf } from '../../../src/frames/transfer-functions.js';

/** Linear RGB test frames and the regions where every pixel's chroma comes from a single value. */
export interface LinearFrames {
  readonly width: number;
  readonly height: number;
  readonly frames: Float32Array[];
  /** Pixels (x, y) to compare: the grey ramp away from the patch border, and patch interiors. */
  readonly grey: readonly [number, number][];
  readonly colour: readonly [number, number][];
}

export const WIDTH = 128;
export const HEIGHT = 64;

/** Linear BT.2020 colours, cd/m2: saturated, dark, bright, near the gamut edge. */
export const PATCH_COLOURS: readonly (readonly [number, number, number])[] = [
  [1000, 200, 50],
  [0.5, 3, 0.1],
  [4000, 4000, 100],
  [20, 800, 1500],
  [0.1, 0.2, 0.3],
  [300, 10, 300],
  [2500, 1200, 600],
  [5, 50, 500],
];

/** A grey level per column pair (0 .. WIDTH / 2 - 1). */
export type Ramp = (pair: number) => number;

/** Logarithmic ramp from `low` to `high`. */
export function logRamp(low: number, high: number): Ramp {
  return (pair) => low * Math.pow(high / low, pair / (WIDTH / 2 - 1));
}

/**
 * One frame per ramp: the top half is the grey ramp, constant over column pairs so 4:2:0 chroma stays
 * neutral; the bottom half holds eight 16x32 patches of `colours`.
 */
export function rampAndPatches(ramps: readonly Ramp[], colours: readonly (readonly [number, number, number])[]): LinearFrames {
  const grey: [number, number][] = [];
  const colour: [number, number][] = [];
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      if (y < HEIGHT / 2 - 2) grey.push([x, y]);
      if (y >= HEIGHT / 2 + 2 && y < HEIGHT - 2 && x % 16 >= 2 && x % 16 < 14) colour.push([x, y]);
    }
  }
  const frames = ramps.map((ramp) => {
    const frame = new Float32Array(WIDTH * HEIGHT * 3);
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const p = 3 * (y * WIDTH + x);
        if (y < HEIGHT / 2) frame.fill(ramp(Math.floor(x / 2)), p, p + 3);
        else frame.set(colours[Math.floor(x / 16)]!, p);
      }
    }
    return frame;
  });
  return { width: WIDTH, height: HEIGHT, frames, grey, colour };
}

/** Applies a per-pixel encoding (linear RGB -> signal) to every frame. */
export function encodeFrames(frames: readonly Float32Array[], encode: (r: number, g: number, b: number) => [number, number, number]): Float32Array[] {
  return frames.map((frame) => {
    const out = new Float32Array(frame.length);
    for (let i = 0; i < frame.length; i += 3) out.set(encode(frame[i]!, frame[i + 1]!, frame[i + 2]!), i);
    return out;
  });
}

export const pqSignal = (r: number, g: number, b: number): [number, number, number] => [pqInverseEotf(r), pqInverseEotf(g), pqInverseEotf(b)];
