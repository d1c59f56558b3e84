import { toMarkdown } from '../reports/tables.js';
import { figureFile, type ReportAssets } from './assets.js';
import { formatValue, metricUnit } from './format.js';
import { link, oneLine } from './markdown-text.js';
import { perImageReport, WORST_COUNT, type PerImageTable, type WorstImages } from './per-image.js';
import { columnLabel } from './roles.js';
import type { ExperimentReportInput } from './types.js';

const MISSING = '—';

/** An image's name, linked to its figure's picture in `column` (nearest 0 EV) when the report shows one. */
function imageLink(assets: ReportAssets, image: string, figure: string | undefined, column: string): string {
  const text = oneLine(image).replace(/[[\]\\]/g, (character) => `\\${character}`);
  const file = figure && (figureFile(assets, figure, column) ?? figureFile(assets, figure, 'ground truth'));
  return file ? `[${text}](${link(file)})` : text;
}

function tableMarkdown(input: ExperimentReportInput, assets: ReportAssets, table: PerImageTable): string[] {
  const label = columnLabel(input.variants);
  const { column } = table;
  return [
    '',
    `### ${column.name} ${column.higherIsBetter ? '↑' : '↓'}`,
    '',
    toMarkdown({
      header: ['image', 'source', ...table.variants.map((variant) => label(variant.name))],
      rows: table.rows.map((row) => [
        imageLink(assets, row.image, row.figure, 'ground truth'),
        row.source,
        ...row.values.map((value) => (value === undefined ? MISSING : formatValue(value, column.digits))),
      ]),
    }).trimEnd(),
  ];
}

function worstLine(assets: ReportAssets, worst: WorstImages): string {
  const { column } = worst;
  const images = worst.images.map(
    (entry) => `${imageLink(assets, entry.image, entry.figure, worst.variant)} ${formatValue(entry.value, column.digits)}${metricUnit(column.name)}`,
  );
  return `- **${worst.variant}**: ${images.length > 0 ? images.join(', ') : `no per-image ${column.name}`}`;
}

/** The per-image section of report.md: a table per metric, then each variant's worst images linked to their figures. */
export function perImageMarkdown(input: ExperimentReportInput, assets: ReportAssets): string[] {
  const report = perImageReport(input);
  if (!report) return [];
  const lines = ['', '## Per-image scores', '', 'Each test crop, baselines first; a linked name opens its figure.'];
  for (const table of report.tables) lines.push(...tableMarkdown(input, assets, table));
  if (report.worst.length > 0) {
    lines.push('', `### Worst ${WORST_COUNT} images per variant by ${report.worst[0]!.column.name}`, '', ...report.worst.map((worst) => worstLine(assets, worst)));
  }
  return lines;
}
