import { bestNotes, findBest, markBest, type ColumnOutcome, type Estimate } from './best.js';
import { digitsFor, formatMeanStd, formatValue } from './format.js';
import { displayOrder, isBaseline, rowLabel } from './roles.js';
import { columnSpread, perImageValues, sampleStd } from './spread.js';
import type { ExperimentReportInput, ReportCell, ReportTable, RowKind, VariantMetric, VariantResult } from './types.js';

export interface MetricColumn {
  readonly name: string;
  readonly higherIsBetter: boolean;
  readonly digits: number;
}

const MISSING = '—';

/** The metrics of the completed rows, baselines' included, in the order they first appear in the tables. */
export function metricColumns(variants: readonly VariantResult[]): MetricColumn[] {
  const columns = new Map<string, MetricColumn>();
  for (const variant of displayOrder(variants)) {
    if (variant.status !== 'completed') continue;
    for (const [name, value] of Object.entries(variant.metrics)) {
      if (!columns.has(name)) columns.set(name, { name, higherIsBetter: value.higherIsBetter, digits: digitsFor(name) });
    }
  }
  return [...columns.values()];
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function sampleSize(metric: VariantMetric): string {
  return metric.sources === undefined ? String(metric.n) : `${plural(metric.n, 'crop')} / ${plural(metric.sources, 'image')}`;
}

/** `24 crops / 2 images` where the sources are known, else the crop count; metrics over different samples all shown. */
function sampleCounts(variant: VariantResult): string {
  const metrics = Object.values(variant.metrics);
  if (metrics.length === 0) return MISSING;
  if (metrics.every((metric) => metric.sources === undefined)) return [...new Set(metrics.map((metric) => metric.n))].join('/');
  return [...new Set(metrics.map(sampleSize))].join(', ');
}

const rowKind = (variant: VariantResult): RowKind => ({ baseline: isBaseline(variant), failed: variant.status !== 'completed' });

/** A completed row's value in a column, with its standard error; failed rows and missing metrics have none. */
function columnEstimate(variant: VariantResult, column: string): Estimate | undefined {
  const metric = variant.status === 'completed' ? variant.metrics[column] : undefined;
  if (!metric) return undefined;
  return { label: variant.name, mean: metric.mean, se: columnSpread(variant, column)!.se };
}

/** Whether any completed row records where its crops came from, which changes what n means. */
function hasSources(input: ExperimentReportInput): boolean {
  return input.variants.some((variant) => Object.values(variant.metrics).some((metric) => metric.sources !== undefined));
}

function resultCell(variant: VariantResult, column: MetricColumn, best: boolean): ReportCell {
  const metric = variant.metrics[column.name];
  if (!metric) return { text: MISSING };
  return { text: formatMeanStd(metric.mean, columnSpread(variant, column.name)!.std, column.digits), best };
}

/**
 * The paper's results table: a row per baseline, then per variant (failed ones included, their cells
 * empty), a column per metric as `mean ± std` with an arrow for the better direction, a column's best in
 * bold only where it is ahead of every other row by more than a standard error (notes say where not), and
 * the number of crops and source images each mean was taken over.
 */
export function resultsTable(input: ExperimentReportInput): ReportTable {
  const columns = metricColumns(input.variants);
  const variants = displayOrder(input.variants);
  const outcomes = columns.map((column): ColumnOutcome => {
    const estimates = variants.map((variant) => columnEstimate(variant, column.name));
    return { column: column.name, outcome: findBest(estimates, column.higherIsBetter, column.digits), estimates, digits: column.digits };
  });
  const marks = outcomes.map(({ outcome }) => markBest(outcome, variants.length));
  return {
    header: ['variant', ...columns.map((column) => `${column.name} ${column.higherIsBetter ? '↑' : '↓'}`), 'n'],
    rows: variants.map((variant, row): ReportCell[] => {
      if (variant.status !== 'completed') return [{ text: rowLabel(variant) }, ...columns.map(() => ({ text: MISSING })), { text: MISSING }];
      return [{ text: rowLabel(variant) }, ...columns.map((column, index) => resultCell(variant, column, marks[index]![row]!)), { text: sampleCounts(variant) }];
    }),
    rowKinds: variants.map(rowKind),
    notes: bestNotes(outcomes),
  };
}

export interface RangewiseTables {
  readonly psnr: ReportTable;
  readonly ssim: ReportTable;
}

/**
 * The Mean column's estimates. Its standard error comes from the per-image range-wise scores when the run
 * recorded them (keys `rangewise.psnr` and `rangewise.ssim`); the per-level columns have no spread at all.
 */
function rangewiseMean(variant: VariantResult, pick: 'Psnr' | 'Ssim'): Estimate {
  const values = perImageValues(variant, `rangewise.${pick.toLowerCase()}`);
  return { label: variant.name, mean: variant.rangewise![`mean${pick}`], se: sampleStd(values) / Math.sqrt(values.length) };
}

/** What a range-wise PSNR cell says when every image was identical to the reference at that level (PSNR +inf, left out). */
const ALL_IDENTICAL = 'identical';

function allIdentical(variant: VariantResult, level: number): boolean {
  const entry = variant.rangewise!.levels.find((candidate) => candidate.level === level);
  return entry !== undefined && entry.images > 0 && entry.excluded === entry.images;
}

function rangewiseTable(variants: readonly VariantResult[], levels: readonly number[], pick: 'Psnr' | 'Ssim', digits: number): ReportTable {
  const header = [...levels.map((level) => `2^-${level}`), 'Mean'];
  const columns = [
    ...levels.map((level) =>
      variants.map((variant): Estimate | undefined => {
        const entry = variant.rangewise!.levels.find((candidate) => candidate.level === level);
        // A level where every image was identical has no finite PSNR (and JSON turns its NaN mean into null).
        return entry && { label: variant.name, mean: entry[`mean${pick}`] ?? Number.NaN, se: Number.NaN };
      }),
    ),
    variants.map((variant) => rangewiseMean(variant, pick)),
  ];
  const outcomes = columns.map((estimates, index): ColumnOutcome => ({ column: header[index]!, outcome: findBest(estimates, true, digits), estimates, digits }));
  const marks = outcomes.map(({ outcome }) => markBest(outcome, variants.length));
  return {
    header: ['variant', ...header],
    rows: variants.map((variant, row) => [
      { text: rowLabel(variant) },
      ...columns.map((estimates, index): ReportCell => {
        const value = estimates[row];
        if (value === undefined) return { text: MISSING };
        if (pick === 'Psnr' && index < levels.length && allIdentical(variant, levels[index]!)) return { text: ALL_IDENTICAL };
        return { text: formatValue(value.mean, digits), best: marks[index]![row]! };
      }),
    ]),
    rowKinds: variants.map(rowKind),
    notes: bestNotes(outcomes),
  };
}

/**
 * The range-wise protocol as the papers tabulate it (hybrid loss, Tables 2 and 3): a row per completed
 * baseline and variant, a column per level 2^-k and the mean of the levels, PSNR and SSIM apart, higher is
 * better in both.
 */
export function rangewiseTables(input: ExperimentReportInput): RangewiseTables | undefined {
  const variants = displayOrder(input.variants).filter((variant) => variant.status === 'completed' && variant.rangewise);
  if (variants.length === 0) return undefined;
  const levels = [...new Set(variants.flatMap((variant) => variant.rangewise!.levels.map((level) => level.level)))].sort((a, b) => a - b);
  return { psnr: rangewiseTable(variants, levels, 'Psnr', 2), ssim: rangewiseTable(variants, levels, 'Ssim', 4) };
}

export interface FailedVariant {
  readonly name: string;
  readonly error: string;
}

export function failedVariants(input: ExperimentReportInput): FailedVariant[] {
  return input.variants
    .filter((variant) => variant.status === 'failed')
    .map((variant) => ({ name: variant.name, error: variant.error?.trim() || 'no error message was recorded' }));
}

/**
 * Metrics whose variants were scored with different settings, so that their comparison is not like for
 * like: one line per such metric naming each variant's signature.
 */
export function signatureWarnings(input: ExperimentReportInput): string[] {
  const bySignature = new Map<string, Map<string, string[]>>();
  for (const variant of input.variants) {
    if (variant.status !== 'completed') continue;
    for (const [metric, value] of Object.entries(variant.metrics)) {
      const signatures = bySignature.get(metric) ?? new Map<string, string[]>();
      const key = value.signature ?? '(none recorded)';
      signatures.set(key, [...(signatures.get(key) ?? []), variant.name]);
      bySignature.set(metric, signatures);
    }
  }
  return [...bySignature.entries()]
    .filter(([, signatures]) => signatures.size > 1)
    .map(
      ([metric, signatures]) =>
        `${metric} was computed with different settings: ` +
        [...signatures.entries()].map(([signature, names]) => `${names.join(', ')}: ${signature}`).join('; '),
    );
}

/**
 * What the results table's numbers are. Where the crops' sources are known it says that crops cut from one
 * image are not independent, so a standard error taken over crops is smaller than the evidence warrants.
 */
export function resultsNote(input: ExperimentReportInput): string {
  const sample = hasSources(input)
    ? 'mean ± sample standard deviation over the n test crops; n gives the crops and the distinct source images they were cut from, ' +
      'and crops of one image are not independent, so std/√n over crops understates the uncertainty'
    : 'mean ± sample standard deviation over n test images';
  return `${sample}; ↑ higher is better, ↓ lower is better; in bold: a row ahead of every other row by more than the larger of the two standard errors (std/√n).`;
}
