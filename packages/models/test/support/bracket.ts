import { createHdrImage, type HdrImage } from '@hdr-lab/core';
import type { Bracket, ExampleSource } from '../../src/registry/model.js';
import { syntheticScene } from '../zoo/deep-chain-hdri/support.js';

export interface SyntheticBracketOptions {
  /** Camera gamma the exposures are encoded with (HDR-GAN 2.2, NTIRE data 2.24). */
  readonly gamma?: number;
  /** Exposure biases in stops, shortest first. */
  readonly biases?: readonly number[];
  /** Pixels the moving square is shifted by in each non-reference exposure (0: a static scene). */
  readonly motion?: number;
}

/** Copies a square of `size` px from (x, y) to (x + dx, y + dy), a foreground object that moved. */
function moveSquare(image: HdrImage, x: number, y: number, size: number, dx: number, dy: number): HdrImage {
  const { width, height } = image;
  const data = Float32Array.from(image.data);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const fromX = Math.min(width - 1, x + col);
      const fromY = Math.min(height - 1, y + row);
      const toX = Math.min(width - 1, Math.max(0, fromX + dx));
      const toY = Math.min(height - 1, Math.max(0, fromY + dy));
      for (let c = 0; c < 3; c++) data[(toY * width + toX) * 3 + c] = image.data[(fromY * width + fromX) * 3 + c]! * 3;
    }
  }
  return createHdrImage(width, height, 3, data);
}

/**
 * A bracket synthesised as @hdr-lab/datasets' 'hdr-gan' preset makes it, small enough for tests: a seeded
 * scene scaled so its 99.5th percentile is 1, exposures clip(H t)^(1/gamma) quantised to 8 bits with
 * t = 2^(b - b_min), and a bright square that moves in every exposure except the reference (the middle).
 */
export function syntheticBracketSource(width: number, height: number, seed: number, options: SyntheticBracketOptions = {}): ExampleSource {
  const gamma = options.gamma ?? 2.2;
  const biases = options.biases ?? [-2, 0, 2];
  const motion = options.motion ?? 2;
  const scene = syntheticScene(width, height, seed);
  const sorted = Float32Array.from(scene.data).sort();
  const scale = 1 / sorted[Math.floor(0.995 * (sorted.length - 1))]!;
  const truth = createHdrImage(width, height, 3, Float32Array.from(scene.data, (value) => value * scale));
  const reference = Math.floor(biases.length / 2);
  const side = Math.max(2, Math.floor(Math.min(width, height) / 4));
  const exposures = biases.map((bias, index) => {
    const time = 2 ** (bias - biases[0]!);
    const shift = (index - reference) * motion;
    const moved = index === reference || motion === 0 ? truth : moveSquare(truth, Math.floor(width / 3), Math.floor(height / 3), side, shift, -shift);
    const image = createHdrImage(width, height, 3, Float32Array.from(moved.data, (value) => Math.round(Math.min(1, value * time) ** (1 / gamma) * 255) / 255));
    return { label: `bias ${bias}`, stops: bias, time, image };
  });
  const companions = exposures.map((exposure) => createHdrImage(width, height, 3, Float32Array.from(exposure.image.data, (value) => value ** gamma / exposure.time)));
  return { groundTruth: truth, exposures, referenceIndex: reference, companions };
}

/** The bracket a camera would hand `predict`: the LDR exposures and their times. */
export function bracketOf(source: ExampleSource): Bracket {
  return { exposures: source.exposures.map((exposure) => ({ image: exposure.image, time: exposure.time })) };
}
