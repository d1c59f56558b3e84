import type { VariantResult } from './types.js';

export interface Spread {
  /** Sample standard deviation; NaN when there is nothing to take it from. */
  readonly std: number;
  readonly n: number;
  /** Standard error of the mean, std / sqrt(n); NaN when std is. */
  readonly se: number;
}

export function sampleStd(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
}

/** A row's finite per-image scores for one key, in its perImage order. */
export function perImageValues(variant: Pick<VariantResult, 'perImage'>, key: string): number[] {
  return (variant.perImage ?? []).map((entry) => entry.scores[key]).filter((value): value is number => value !== undefined && Number.isFinite(value));
}

/**
 * The spread of a row's mean in one column. The metric's own std is used where it has one; the range-wise
 * means are recorded without one, so there the per-image scores, when given, supply it.
 */
export function columnSpread(variant: Pick<VariantResult, 'metrics' | 'perImage'>, key: string): Spread | undefined {
  const metric = variant.metrics[key];
  if (!metric) return undefined;
  if (Number.isFinite(metric.std) && metric.n > 0) return { std: metric.std, n: metric.n, se: metric.std / Math.sqrt(metric.n) };
  const values = perImageValues(variant, key);
  const std = sampleStd(values);
  return { std, n: values.length, se: std / Math.sqrt(values.length) };
}
