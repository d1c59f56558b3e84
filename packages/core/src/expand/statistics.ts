import { roundHalfAway } from './round-half-away.js';

/** Arithmetic mean, summed in pixel order. */
export function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Geometric mean with an offset that keeps black pixels finite: exp(mean(log(L + delta))). */
export function logMean(values: Float64Array, delta = 1e-6): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.log(values[i]! + delta);
  return Math.exp(sum / values.length);
}

/**
 * The sample at rank round(n p) (1-based, at least 1) of the ascending order: HDR Toolbox's percentile,
 * with no interpolation between samples.
 */
export function rankPercentile(sorted: Float64Array, p: number): number {
  const clamped = Math.min(1, Math.max(0, p));
  return sorted[Math.max(roundHalfAway(sorted.length * clamped), 1) - 1]!;
}

/** Key of an image and the log-average it was measured from. */
export interface ImageKey {
  /** Position of log(logAverage) between the log 1st and 99th percentiles in [0, 1]; -1 when that span is empty. */
  readonly key: number;
  readonly logAverage: number;
}

/**
 * The key of Akyüz and Reinhard 2006 as Masia et al. use it: log-average luminance placed between robust
 * minimum and maximum (1st and 99th percentiles of the positive luminances, both 1 when none is positive).
 * An image without log range (constant, black, one positive level) has key -1.
 */
export function imageKey(luminance: Float64Array): ImageKey {
  const logAverage = logMean(luminance);
  const positive = luminance.filter((value) => value > 0).sort();
  const low = Math.log(positive.length > 0 ? rankPercentile(positive, 0.01) : 1);
  const high = Math.log(positive.length > 0 ? rankPercentile(positive, 0.99) : 1);
  const span = high - low;
  const defined = span > 0 && Number.isFinite(low) && Number.isFinite(high);
  return { key: defined ? (Math.log(logAverage) - low) / span : -1, logAverage };
}
