import { createHdrImage, type HdrImage, type LdrImage } from '@hdr-lab/core';
import type { CameraCurve } from './curves/camera-curve.js';

/** No exposures yet, sensor (linear) exposures, or exposures that went through a camera curve. */
export type Phase = 'scene' | 'linear' | 'display';

/**
 * One synthesised exposure. Its linear sensor value is `time` x the ground truth at the same pixel (where
 * nothing moved), so `time` is what a linearised exposure is divided by to return to ground-truth units.
 */
export interface SynthExposure {
  /** e.g. 'EV -3', 'bias +2', 'level 2^-7'. */
  readonly label: string;
  /** Exposure in stops as its generator names it: the stack's EV, the bracket's bias, the range level's k. */
  readonly stops: number;
  readonly time: number;
  /** Sensor values (linear, may exceed 1 until clipped) or display values in [0, 1]; colour channels only. */
  readonly image: HdrImage;
}

/** What a synthesis pipeline works on and returns. */
export interface SynthSample {
  /** Linear radiance in the reference exposure's geometry, colour channels only. */
  readonly groundTruth: HdrImage;
  readonly exposures: readonly SynthExposure[];
  readonly phase: Phase;
  /** Index of the exposure whose geometry the ground truth shares (brackets: the reference; stacks: EV 0). */
  readonly referenceIndex: number;
  /**
   * Brackets: 1 where no foreground patch is or was and every exposure sampled inside its frame, so each
   * shows the ground truth moved only by its own camera motion (identity without it); else 0. One byte a pixel.
   */
  readonly staticMask?: Uint8Array;
  /** The response the exposures went through (camera-curve step, or linear for range levels). */
  readonly curve?: CameraCurve;
  /** `companions` step: linearised exposures L^gamma / t (or curve^-1(L) / t), one per exposure. */
  readonly companions?: readonly HdrImage[];
}

/** Drops alpha (coverage, not light): synthesis works on grey or RGB radiance. */
export function colourOnly(image: HdrImage): HdrImage {
  if (image.channels !== 4) return image;
  const pixels = image.width * image.height;
  const out = new Float32Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    out[p * 3] = image.data[p * 4];
    out[p * 3 + 1] = image.data[p * 4 + 1];
    out[p * 3 + 2] = image.data[p * 4 + 2];
  }
  return createHdrImage(image.width, image.height, 3, out);
}

/** The same shape with new samples. */
export function withData(image: HdrImage, data: Float32Array): HdrImage {
  return createHdrImage(image.width, image.height, image.channels, data);
}

/** Maps every sample of an image through `f` into a new image. */
export function mapSamples(image: HdrImage, f: (value: number) => number): HdrImage {
  const { data } = image;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = f(data[i]);
  return withData(image, out);
}

/** A display-encoded exposure as an LdrImage, e.g. for core's encodeLdr. */
export function exposureAsLdr(exposure: SynthExposure, bitDepth: 8 | 16 = 8): LdrImage {
  const { width, height, channels, data } = exposure.image;
  return { width, height, channels, bitDepth, data };
}
