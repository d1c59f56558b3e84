import { aggregateRangewise, type RangewiseSummary } from '../rangewise/aggregate.js';
import type { MetricResult } from '../metrics/registry.js';
import type { ImageEvaluation } from './evaluate-set.js';

export interface MetricSummary {
  readonly id: string;
  readonly version: string;
  readonly params: MetricResult['params'];
  /** Images whose score counts towards the mean: all but the identical pairs. */
  readonly images: number;
  /** NaN when any counted score is non-finite (see `nonFinite`): no mean is quietly taken over a subset. */
  readonly mean: number;
  /** Sample standard deviation (n - 1), as MATLAB's std; NaN with fewer than two images or a non-finite score. */
  readonly std: number;
  /** Images left out of the mean because the pair is identical (infinite PSNR flagged `identical`). */
  readonly excluded: Readonly<Record<string, number>>;
  /** Counted images whose score is NaN or infinite for another reason, by flag (`nan` / `infinite` when unflagged). */
  readonly nonFinite: Readonly<Record<string, number>>;
}

export interface EvaluationSummary {
  readonly pairs: number;
  readonly failed: readonly { name: string; error: string }[];
  readonly metrics: readonly MetricSummary[];
  readonly rangewise?: RangewiseSummary & { signature: NonNullable<ImageEvaluation['rangewise']>['signature'] };
}

const isIdentical = (result: MetricResult) => !Number.isFinite(result.value) && result.flags.includes('identical');

function countBy(results: readonly MetricResult[], reason: (result: MetricResult) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) counts[reason(result)] = (counts[reason(result)] ?? 0) + 1;
  return counts;
}

function summariseMetric(results: readonly MetricResult[]): MetricSummary {
  const first = results[0]!;
  const counted = results.filter((result) => !isIdentical(result));
  const broken = counted.filter((result) => !Number.isFinite(result.value));
  const values = counted.map((result) => result.value);
  const finite = broken.length === 0;
  const mean = finite ? values.reduce((sum, value) => sum + value, 0) / values.length : NaN;
  const std = finite && values.length > 1 ? Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1)) : NaN;
  return {
    id: first.id,
    version: first.version,
    params: first.params,
    images: counted.length,
    mean,
    std,
    excluded: countBy(results.filter(isIdentical), () => 'identical'),
    nonFinite: countBy(broken, (result) => result.flags.join('+') || (Number.isNaN(result.value) ? 'nan' : 'infinite')),
  };
}

/**
 * Per metric, the mean and standard deviation over the images (the hybrid-loss paper's Table 1), leaving
 * out and counting only identical pairs; any other NaN or infinite score (bad data, a metric that cannot
 * score the pair) makes the mean NaN and is counted by flag, so it cannot pass unnoticed. The range-wise
 * levels averaged per level, then over levels.
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
