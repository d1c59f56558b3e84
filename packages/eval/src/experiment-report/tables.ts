import { markBest } from './best.js';
import { digitsFor, formatMeanStd, formatValue } from './format.js';
import type { ExperimentReportInput, ReportCell, ReportTable, VariantResult } from './types.js';

export interface MetricColumn {
  readonly name: string;
  readonly higherIsBetter: boolean;
  readonly digits: number;
}

const MISSING = '—';

/** The metrics of the completed variants, in the order they first appear. */
export function metricColumns(variants: readonly VariantResult[]): MetricColumn[] {
  const columns = new Map<string, MetricColumn>();
  for (const variant of variants) {
    if (variant.status !== 'completed') continue;
    for (const [name, value] of Object.entries(variant.metrics)) {
      if (!columns.has(name)) columns.set(name, { name, higherIsBetter: value.higherIsBetter, digits: digitsFor(name) });
    }
  }
  return [...columns.values()];
}

function sampleCounts(variant: VariantResult): string {
  const counts = [...new Set(Object.values(variant.metrics).map((metric) => metric.n))];
  return counts.length > 0 ? counts.join('/') : MISSING;
}

/**
 * The paper's results table: a row per variant (failed ones included, their cells empty), a column per
 * metric as `mean ± std` with an arrow for the better direction, the best of each column marked, and the
 * number of images each mean was taken over.
 */
export function resultsTable(input: ExperimentReportInput): ReportTable {
  const columns = metricColumns(input.variants);
  const marks = columns.map((column) =>
    markBest(
      input.variants.map((variant) => (variant.status === 'completed' ? variant.metrics[column.name]?.mean : undefined)),
      column.higherIsBetter,
      column.digits,
    ),
  );
  return {
    header: ['variant', ...columns.map((column) => `${column.name} ${column.higherIsBetter ? '↑' : '↓'}`), 'n'],
    rows: input.variants.map((variant, row): ReportCell[] => {
      if (variant.status !== 'completed') {
        return [{ text: `${variant.name} (failed)` }, ...columns.map(() => ({ text: MISSING })), { text: MISSING }];
      }
      return [
        { text: variant.name },
        ...columns.map((column, index): ReportCell => {
          const metric = variant.metrics[column.name];
          if (!metric) return { text: MISSING };
          return { text: formatMeanStd(metric.mean, metric.std, column.digits), best: marks[index]![row]! };
        }),
        { text: sampleCounts(variant) },
      ];
    }),
  };
}

export interface RangewiseTables {
  readonly psnr: ReportTable;
  readonly ssim: ReportTable;
}

/**
 * The range-wise protocol as the papers tabulate it (hybrid loss, Tables 2 and 3): a row per completed
 * variant, a column per level 2^-k and the mean of the levels, PSNR and SSIM apart, higher is better in both.
 */
export function rangewiseTables(input: ExperimentReportInput): RangewiseTables | undefined {
  const variants = input.variants.filter((variant) => variant.status === 'completed' && variant.rangewise);
  if (variants.length === 0) return undefined;
  const levels = [...new Set(variants.flatMap((variant) => variant.rangewise!.levels.map((level) => level.level)))].sort((a, b) => a - b);
  const build = (pick: 'Psnr' | 'Ssim', digits: number): ReportTable => {
    const columns = [
      ...levels.map((level) => variants.map((variant) => variant.rangewise!.levels.find((entry) => entry.level === level)?.[`mean${pick}`])),
      variants.map((variant) => variant.rangewise![`mean${pick}`]),
    ];
    const marks = columns.map((values) => markBest(values, true, digits));
    return {
      header: ['variant', ...levels.map((level) => `2^-${level}`), 'Mean'],
      rows: variants.map((variant, row) => [
        { text: variant.name },
        ...columns.map((values, index): ReportCell => {
          const value = values[row];
          return value === undefined ? { text: MISSING } : { text: formatValue(value, digits), best: marks[index]![row]! };
        }),
      ]),
    };
  };
  return { psnr: build('Psnr', 2), ssim: build('Ssim', 4) };
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
