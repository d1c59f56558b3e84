import { toMarkdown, type Table } from '../reports/tables.js';
import type { ReportAssets } from './assets.js';
import { formatStops } from './format.js';
import { failedVariants, rangewiseTables, resultsTable, signatureWarnings } from './tables.js';
import type { ExperimentReportInput, ReportTable } from './types.js';

function markdownTable(table: ReportTable): string {
  const plain: Table = {
    header: table.header,
    rows: table.rows.map((row) => row.map((cell) => (cell.best ? `**${cell.text}**` : cell.text))),
  };
  return toMarkdown(plain);
}

/** Free text on one line, with `<` and `>` escaped so a name such as `<hybrid loss>` is not read as an HTML tag. */
const oneLine = (text: string) =>
  text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/[<>]/g, (character) => `\\${character}`);

/** Relative links with spaces or other characters Markdown would split on, percent-encoded. */
const link = (file: string) => encodeURI(file);

/**
 * The results table as the CLI prints it after a run: the best per column in bold, then the failed variants
 * with their errors and any metric scored with different settings across variants.
 */
export function experimentTableMarkdown(input: ExperimentReportInput): string {
  const lines = [
    markdownTable(resultsTable(input)),
    'mean ± sample standard deviation over n test images; ↑ higher is better, ↓ lower is better; the best of each column in **bold**.',
  ];
  const failed = failedVariants(input);
  if (failed.length > 0) {
    lines.push('', `Failed variants (${failed.length}):`, ...failed.map((variant) => `- **${variant.name}**: ${oneLine(variant.error)}`));
  }
  const warnings = signatureWarnings(input);
  if (warnings.length > 0) lines.push('', ...warnings.map((warning) => `> Warning: ${oneLine(warning)}`));
  return lines.join('\n') + '\n';
}

function headerSection(input: ExperimentReportInput): string[] {
  const lines = [`# ${oneLine(input.title)}`, '', `${input.kind} · config \`${input.configHash}\` · ${input.createdAt}`];
  const settings = Object.entries(input.settings ?? {});
  if (settings.length > 0) lines.push('', toMarkdown({ header: ['setting', 'value'], rows: settings.map(([name, value]) => [name, oneLine(value)]) }).trimEnd());
  const described = input.variants.filter((variant) => variant.description);
  if (described.length > 0) lines.push('', ...described.map((variant) => `- **${variant.name}**: ${oneLine(variant.description!)}`));
  return lines;
}

function figureSection(assets: ReportAssets): string[] {
  if (assets.rows.length === 0) return [];
  const lines = ['', '## Figures', '', 'Ground truth and predictions on the ground truth\'s scale (its median at middle grey at 0 EV), the input on its own; clipped and sRGB-encoded.'];
  let current: string | undefined;
  let rows: string[][] = [];
  const flush = () => {
    if (current === undefined) return;
    lines.push('', `### ${oneLine(current)}`, '', toMarkdown({ header: ['exposure', ...assets.columns], rows }).trimEnd());
  };
  for (const row of assets.rows) {
    if (row.figure !== current) {
      flush();
      current = row.figure;
      rows = [];
    }
    rows.push([
      formatStops(row.stops),
      ...row.cells.map((cell) => (cell.file ? `![${cell.column} ${formatStops(row.stops)}](${link(cell.file)})` : 'no prediction')),
    ]);
  }
  flush();
  return lines;
}

/** report.md: the same content as report.html, with the charts and figure cells as files beside it. */
export function renderMarkdown(input: ExperimentReportInput, assets: ReportAssets): string {
  const lines = [...headerSection(input), '', '## Results', '', experimentTableMarkdown(input).trimEnd()];
  const rangewise = rangewiseTables(input);
  if (rangewise) {
    lines.push('', '## Range-wise evaluation', '', 'Per level 2^-k of the decomposed LDR stack and the mean over levels; higher is better.');
    lines.push('', '### PSNR (dB)', '', markdownTable(rangewise.psnr).trimEnd(), '', '### SSIM', '', markdownTable(rangewise.ssim).trimEnd());
  }
  if (assets.charts.length > 0) {
    lines.push('', '## Loss curves');
    for (const chart of assets.charts) lines.push('', `![${chart.term}](${link(chart.file)})`);
  }
  lines.push(...figureSection(assets));
  return lines.join('\n') + '\n';
}
