import { isBaseline } from './roles.js';
import { columnSpread } from './spread.js';
import { metricColumns, type MetricColumn } from './tables.js';
import type { ExperimentReportInput, VariantResult } from './types.js';

/** A variant against the best baseline of one column. */
export interface ColumnVerdict {
  readonly column: string;
  readonly baseline: string;
  /** Variant minus baseline, signed so that positive is better whichever way the metric runs. */
  readonly difference: number;
  readonly digits: number;
  /** Images both were scored on and how many of them the variant scored better on; absent without per-image scores. */
  readonly images?: { readonly better: number; readonly paired: number };
  /** The difference is no larger than the larger of the two standard errors. */
  readonly withinError: boolean;
}

export interface VariantVerdict {
  readonly variant: string;
  readonly failed: boolean;
  readonly columns: readonly ColumnVerdict[];
  /** Columns a baseline was scored on but this variant was not. */
  readonly unscored: readonly string[];
}

/** The completed baseline with the best finite mean in a column; none when no baseline was scored on it. */
function bestBaseline(baselines: readonly VariantResult[], column: MetricColumn): VariantResult | undefined {
  const sign = column.higherIsBetter ? 1 : -1;
  let best: VariantResult | undefined;
  for (const baseline of baselines) {
    const mean = baseline.metrics[column.name]?.mean;
    if (mean === undefined || !Number.isFinite(mean)) continue;
    if (!best || sign * (mean - best.metrics[column.name]!.mean) > 0) best = baseline;
  }
  return best;
}

/** Per image of the variant, whether it scored better than the baseline on the same image; NaN scores are not paired. */
function imageCount(variant: VariantResult, baseline: VariantResult, column: MetricColumn): ColumnVerdict['images'] {
  if (!variant.perImage || !baseline.perImage) return undefined;
  const theirs = new Map(baseline.perImage.map((entry) => [entry.image, entry.scores[column.name]]));
  const sign = column.higherIsBetter ? 1 : -1;
  let better = 0;
  let paired = 0;
  for (const entry of variant.perImage) {
    const mine = entry.scores[column.name];
    const other = theirs.get(entry.image);
    if (mine === undefined || other === undefined || Number.isNaN(mine) || Number.isNaN(other)) continue;
    paired++;
    if (sign * (mine - other) > 0) better++;
  }
  return paired > 0 ? { better, paired } : undefined;
}

function columnVerdict(variant: VariantResult, baseline: VariantResult, column: MetricColumn): ColumnVerdict {
  const sign = column.higherIsBetter ? 1 : -1;
  const difference = sign * (variant.metrics[column.name]!.mean - baseline.metrics[column.name]!.mean);
  const error = Math.max(columnSpread(variant, column.name)!.se, columnSpread(baseline, column.name)!.se);
  const images = imageCount(variant, baseline, column);
  return { column: column.name, baseline: baseline.name, difference, digits: column.digits, ...(images ? { images } : {}), withinError: Math.abs(difference) <= error };
}

/**
 * Every variant against, column by column, the baseline with the best mean there; undefined when the
 * report has no completed baseline. Columns no baseline was scored on are left out.
 */
export function verdicts(input: ExperimentReportInput): VariantVerdict[] | undefined {
  const baselines = input.variants.filter((variant) => isBaseline(variant) && variant.status === 'completed');
  if (baselines.length === 0) return undefined;
  const judged = metricColumns(input.variants).flatMap((column) => {
    const baseline = bestBaseline(baselines, column);
    return baseline ? [{ column, baseline }] : [];
  });
  return input.variants
    .filter((variant) => !isBaseline(variant))
    .map((variant): VariantVerdict => {
      const failed = variant.status !== 'completed';
      const scored = failed ? [] : judged.filter(({ column }) => variant.metrics[column.name] !== undefined);
      return {
        variant: variant.name,
        failed,
        columns: scored.map(({ column, baseline }) => columnVerdict(variant, baseline, column)),
        unscored: failed ? [] : judged.filter(({ column }) => variant.metrics[column.name] === undefined).map(({ column }) => column.name),
      };
    });
}

/** The difference as the report prints it, so a lead that rounds to zero is no lead. */
export function shownDifference(verdict: ColumnVerdict): number {
  const { difference, digits } = verdict;
  return Number.isFinite(difference) ? Number(difference.toFixed(digits)) : difference;
}

export const beats = (verdict: ColumnVerdict) => shownDifference(verdict) > 0;
