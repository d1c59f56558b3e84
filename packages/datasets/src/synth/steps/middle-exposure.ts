import { luminance, median, type HdrImage } from '@hdr-lab/core';
import type { CameraCurve } from '../curves/camera-curve.js';

/** Judging evenness on at most this many pixels (a regular grid) keeps the search fast on large images. */
const MAX_JUDGED_PIXELS = 1 << 16;

/** BT.601 luma, what a "grayscale" histogram of an 8-bit camera image shows. */
const LUMA = [0.299, 0.587, 0.114] as const;

export interface MiddleSearch {
  /** Candidate exposures in stops relative to 1 / median luminance, from..to inclusive, every `step`. */
  readonly from: number;
  readonly to: number;
  readonly step: number;
}

export interface MiddleExposure {
  /** Factor the ground truth is multiplied by to make EV 0. */
  readonly scale: number;
  /** log2(scale). */
  readonly stops: number;
  /** The candidate's stops relative to 1 / median luminance (0: the median maps to sensor value 1). */
  readonly aboveMedian: number;
  /** Entropy (bits, at most 8) of the chosen exposure's 256-bin luma histogram. */
  readonly entropy: number;
}

function judgedPixels(image: HdrImage): Float32Array {
  const { width, height, channels, data } = image;
  const stride = Math.max(1, Math.ceil(Math.sqrt((width * height) / MAX_JUDGED_PIXELS)));
  const out: number[] = [];
  for (let y = 0; y < height; y += stride) {
    for (let x = 0; x < width; x += stride) {
      const i = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) out.push(data[i + c]);
    }
  }
  return Float32Array.from(out);
}

/**
 * The lowest sensor value of each 8-bit code 1..255 (an Infinity for codes the curve never reaches), so a
 * value's code is the number of thresholds at or below it: a binary search instead of a curve evaluation.
 */
function codeThresholds(curve: CameraCurve): Float64Array {
  const top = curve.encode(1);
  return Float64Array.from({ length: 255 }, (_, i) => {
    const boundary = (i + 0.5) / 255;
    return boundary > top ? Infinity : curve.decode(boundary);
  });
}

function codeOf(value: number, thresholds: Float64Array): number {
  let low = 0;
  let high = thresholds.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (thresholds[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Entropy of the 8-bit luma histogram of the pixels exposed by `scale`, clipped, encoded and quantised. */
function histogramEntropy(pixels: Float32Array, channels: number, scale: number, thresholds: Float64Array): number {
  const counts = new Float64Array(256);
  const code = (value: number) => codeOf(Math.min(1, Math.max(0, value * scale)), thresholds);
  for (let i = 0; i < pixels.length; i += channels) {
    const luma = channels === 1 ? code(pixels[i]) : LUMA[0] * code(pixels[i]) + LUMA[1] * code(pixels[i + 1]) + LUMA[2] * code(pixels[i + 2]);
    counts[Math.round(luma)]++;
  }
  const total = pixels.length / channels;
  let entropy = 0;
  for (const count of counts) if (count > 0) entropy -= (count / total) * Math.log2(count / total);
  return entropy;
}

/**
 * Deep Chain HDRI takes as EV 0 the bracket member "with the most evenly distributed histogram", i.e. whose
 * pixels are spread most uniformly over the grey range. Evenness is measured here by the Shannon entropy of
 * the 256-bin luma histogram, which is largest for a uniform histogram (it is log2(256) minus the
 * Kullback-Leibler divergence from uniform). The bracket is replaced by candidate exposures every `step`
 * stops around the median-normalising one, each clipped, passed through the camera curve and quantised to
 * 8 bits as the stack will be; ties go to the candidate nearest the median-normalising exposure.
 */
export function mostEvenExposure(image: HdrImage, curve: CameraCurve, search: MiddleSearch): MiddleExposure {
  const medianLuminance = median(luminance(image));
  if (!(medianLuminance > 0)) {
    throw new Error(`cannot choose a middle exposure: median luminance is ${medianLuminance}; give the middle exposure in stops instead`);
  }
  const pixels = judgedPixels(image);
  const thresholds = codeThresholds(curve);
  let best: MiddleExposure | undefined;
  let bestDistance = Infinity;
  const count = Math.floor((search.to - search.from) / search.step + 1e-9);
  for (let j = 0; j <= count; j++) {
    const relative = search.from + j * search.step;
    const scale = Math.pow(2, relative) / medianLuminance;
    const entropy = histogramEntropy(pixels, image.channels, scale, thresholds);
    const distance = Math.abs(relative);
    if (!best || entropy > best.entropy || (entropy === best.entropy && distance < bestDistance)) {
      best = { scale, stops: Math.log2(scale), aboveMedian: relative, entropy };
      bestDistance = distance;
    }
  }
  return best!;
}
