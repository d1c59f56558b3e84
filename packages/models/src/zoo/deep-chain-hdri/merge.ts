import { createHdrImage, mergeDebevec, recoverResponse, type HdrImage, type Ldr8Image } from '@hdr-lab/core';
import type { DeepChainConfig } from './config.js';

/** One member of an LDR exposure stack: EV k relative to the input, exposure time 2^k, 8-bit values / 255. */
export interface StackExposure {
  readonly ev: number;
  readonly time: number;
  readonly image: HdrImage;
}

/** An inferred exposure stack, darkest first, the input (EV 0) included. */
export interface LdrStack {
  readonly width: number;
  readonly height: number;
  readonly exposures: readonly StackExposure[];
}

/** 8-bit codes of display values: clipped to [0, 1], rounded, halves up (as the synthesis quantises). */
export function toCodes(values: Float32Array): Uint8Array {
  const codes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    codes[i] = value > 0 ? (value < 1 ? Math.round(value * 255) : 255) : 0;
  }
  return codes;
}

/**
 * Builds the stack from EV 0 and the inferred exposures: `inferred` holds `evs.length` RGB exposures per
 * pixel (HWC, channel 3i + c is exposure evs[i]). Every image is quantised to 8 bits.
 */
export function quantisedStack(input: HdrImage, inferred: Float32Array, evs: readonly number[]): LdrStack {
  const { width, height } = input;
  const pixels = width * height;
  const exposures: StackExposure[] = [{ ev: 0, time: 1, image: input }];
  evs.forEach((ev, index) => {
    const data = new Float32Array(pixels * 3);
    for (let p = 0; p < pixels; p++) data.set(inferred.subarray((p * evs.length + index) * 3, (p * evs.length + index) * 3 + 3), p * 3);
    exposures.push({ ev, time: Math.pow(2, ev), image: createHdrImage(width, height, 3, data) });
  });
  exposures.sort((a, b) => a.ev - b.ev);
  return {
    width,
    height,
    exposures: exposures.map((exposure) => ({ ...exposure, image: createHdrImage(width, height, 3, Float32Array.from(toCodes(exposure.image.data), (code) => code / 255)) })),
  };
}

/**
 * Linear HDR from the stack ([S003] 4.5): Debevec-Malik response recovery per channel (smoothness lambda =
 * merge.smoothing, merge.samples pixels) and the weighted log-domain radiance merge with times 2^k, as core
 * implements them. The radiance is relative, in units where EV 0's exposure time is 1.
 */
export function mergeStack(stack: LdrStack, merge: DeepChainConfig['merge']): HdrImage {
  const images: Ldr8Image[] = stack.exposures.map(({ image }) => ({ width: image.width, height: image.height, channels: 3, data: toCodes(image.data) }));
  const exposureStack = { images, times: stack.exposures.map((exposure) => exposure.time) };
  // The grid sampler needs at least as many pixels as samples.
  const samples = Math.min(merge.samples, stack.width * stack.height);
  const response = recoverResponse(exposureStack, { lambda: merge.smoothing, samples, sampling: merge.sampling, seed: merge.seed });
  return mergeDebevec(exposureStack, response);
}
