import { DEFAULT_RANGE_LEVELS, luminance, median, scaleRadiance, type HdrImage, type RangeRounding } from '@hdr-lab/core';
import { checkComparable } from '../metrics/metric.js';
import { levelScores, type LevelScore } from './level-scores.js';

export type { LevelScore };

/** How the prediction is brought into the units of the median-normalised reference. */
export type PredictionScale = 'gt-median' | 'input-anchored' | 'self-median';

export interface RangewiseOptions {
  readonly levels?: readonly number[];
  readonly rounding?: RangeRounding;
  readonly predictionScale?: PredictionScale;
  /** For 'input-anchored': the level k of the LDR input the method saw (its 1.0 is that input's white). */
  readonly inputLevel?: number;
}

export interface RangewiseResult {
  readonly levels: readonly LevelScore[];
  /** Means over the levels; PSNR over the finite levels only. */
  readonly meanPsnr: number;
  readonly meanSsim: number;
  readonly signature: {
    readonly id: 'rangewise';
    readonly version: string;
    readonly params: Required<Omit<RangewiseOptions, 'inputLevel'>> & { inputLevel: number | null; luminance: 'bt709'; median: 'reference' };
  };
}

/**
 * The range-wise protocol (Moriwaki et al.): the reference divided by its median BT.709 luminance, the
 * prediction brought into the same units, both split into linear 8-bit levels 2^-3 ... 2^-8, and PSNR
 * (peak 255) and per-channel SSIM (L = 255) per level, with their means.
 */
export function evaluateRangewise(reference: HdrImage, test: HdrImage, options: RangewiseOptions = {}): RangewiseResult {
  checkComparable(reference, test);
  const levels = options.levels ?? DEFAULT_RANGE_LEVELS;
  const rounding = options.rounding ?? 'round';
  const predictionScale = options.predictionScale ?? 'gt-median';
  if (predictionScale === 'input-anchored' && options.inputLevel === undefined) {
    throw new RangeError("rangewise: predictionScale 'input-anchored' needs inputLevel (the level k of the method's LDR input)");
  }
  const referenceMedian = median(luminance(reference));
  if (!(referenceMedian > 0)) throw new RangeError(`rangewise: the reference's median luminance is ${referenceMedian}; it must be positive`);
  const normalisedReference = scaleRadiance(reference, 1 / referenceMedian);
  const testFactor =
    predictionScale === 'gt-median'
      ? 1 / referenceMedian
      : predictionScale === 'self-median'
        ? 1 / median(luminance(test))
        : 255 * Math.pow(2, -options.inputLevel!);
  const normalisedTest = scaleRadiance(test, testFactor);
  const scores = levelScores(normalisedReference, normalisedTest, levels, rounding);
  const finite = scores.filter((score) => !score.identical);
  return {
    levels: scores,
    meanPsnr: finite.reduce((sum, score) => sum + score.psnr, 0) / finite.length,
    meanSsim: scores.reduce((sum, score) => sum + score.ssim, 0) / scores.length,
    signature: {
      id: 'rangewise',
      version: '1',
      params: { levels: [...levels], rounding, predictionScale, inputLevel: options.inputLevel ?? null, luminance: 'bt709', median: 'reference' },
    },
  };
}
