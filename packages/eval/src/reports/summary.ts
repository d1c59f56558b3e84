import { aggregateRangewise, type RangewiseSummary } from '../rangewise/aggregate.js';
import type { MetricResult } from '../metrics/registry.js';
import type { ImageEvaluation } from './evaluate-set.js';

export interface MetricSummary {
  readonly id: string;
  readonly version: string;
  readonly params: MetricResult['params'];
  /** Images whose score entered the mean. */
  readonly images: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1), as MATLAB's std; NaN with fewer than two images. */
  readonly std: number;
  /** Images left out of the mean (infinite or NaN scores), counted by flag. */
  readonly excluded: Readonly<Record<string, number>>;
}

export interface EvaluationSummary {
  readonly pairs: number;
  readonly failed: readonly { name: string; error: string }[];
  readonly metrics: readonly MetricSummary[];
  readonly rangewise?: RangewiseSummary & { signature: NonNullable<ImageEvaluation['rangewise']>['signature'] };
}

function summariseMetric(results: readonly MetricResult[]): MetricSummary {
  const first = results[0]!;
  const finite = results.filter((result) => Number.isFinite(result.value)).map((result) => result.value);
  const excluded: Record<string, number> = {};
  for (const result of results) {
    if (Number.isFinite(result.value)) continue;
    const reason = result.flags.join('+') || (Number.isNaN(result.value) ? 'nan' : 'infinite');
    excluded[reason] = (excluded[reason] ?? 0) + 1;
  }
  const mean = finite.reduce((sum, value) => sum + value, 0) / finite.length;
  const std = finite.length > 1 ? Math.sqrt(finite.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (finite.length - 1)) : NaN;
  return { id: first.id, version: first.version, params: first.params, images: finite.length, mean, std, excluded };
}

/**
 * Per metric, the mean and standard deviation over the images (the hybrid-loss paper's Table 1), leaving
 * out and counting infinite and NaN scores; the range-wise levels averaged per level, then over levels.
 */
export function summariseEvaluation(records: readonly ImageEvaluation[]): EvaluationSummary {
  const scored = records.filter((record) => !record.error);
  const ids = scored[0]?.metrics.map((result) => result.id) ?? [];
  const rangewiseResults = scored.flatMap((record) => (record.rangewise ? [record.rangewise] : []));
  return {
    pairs: records.length,
    failed: records.flatMap((record) => (record.error ? [{ name: record.name, error: record.error }] : [])),
    metrics: ids.map((_id, index) => summariseMetric(scored.map((record) => record.metrics[index]!))),
    ...(rangewiseResults.length > 0
      ? { rangewise: { ...aggregateRangewise(rangewiseResults), signature: rangewiseResults[0]!.signature } }
      : {}),
  };
}
