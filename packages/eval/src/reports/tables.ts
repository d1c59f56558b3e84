import type { EvaluationSummary } from './summary.js';
import { digitsFor, formatValue } from './number-format.js';

/** A table as rows of cells, rendered to Markdown or CSV by the same code so the two never disagree. */
export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

function describeParams(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(' ');
}

function describeExcluded(excluded: Readonly<Record<string, number>>): string {
  return Object.entries(excluded)
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ');
}

/** One row per metric: mean, standard deviation, images averaged, images left out and why, and the settings. */
export function metricTable(summary: EvaluationSummary): Table {
  return {
    header: ['metric', 'mean', 'std', 'images', 'excluded', 'version', 'params'],
    rows: summary.metrics.map((metric) => [
      metric.id,
      formatValue(metric.mean, digitsFor(metric.id)),
      formatValue(metric.std, digitsFor(metric.id)),
      String(metric.images),
      describeExcluded(metric.excluded),
      metric.version,
      describeParams(metric.params),
    ]),
  };
}

/** The papers' range-wise tables: a column per level 2^-k and the mean, rows PSNR, SSIM and images left out. */
export function rangewiseTable(summary: EvaluationSummary): Table | undefined {
  const rangewise = summary.rangewise;
  if (!rangewise) return undefined;
  return {
    header: ['', ...rangewise.levels.map((level) => `2^-${level.level}`), 'Mean'],
    rows: [
      ['PSNR', ...rangewise.levels.map((level) => formatValue(level.meanPsnr, 2)), formatValue(rangewise.meanPsnr, 2)],
      ['SSIM', ...rangewise.levels.map((level) => formatValue(level.meanSsim, 4)), formatValue(rangewise.meanSsim, 4)],
      ['identical (left out of PSNR)', ...rangewise.levels.map((level) => String(level.excluded)), ''],
    ],
  };
}

export function toMarkdown(table: Table): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [line(table.header), line(table.header.map(() => '---')), ...table.rows.map(line)].join('\n') + '\n';
}

/** RFC 4180: fields with commas, quotes or line breaks quoted, quotes doubled. */
export function toCsv(table: Table): string {
  const field = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return [table.header, ...table.rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
