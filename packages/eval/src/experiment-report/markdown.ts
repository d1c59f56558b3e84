import { toMarkdown, type Table } from '../reports/tables.js';
import type { ReportAssets } from './assets.js';
import { formatStops } from './format.js';
import { link, oneLine } from './markdown-text.js';
import { perImageMarkdown } from './per-image-markdown.js';
import { columnLabel, isBaseline } from './roles.js';
import { failedVariants, rangewiseTables, resultsNote, resultsTable, signatureWarnings } from './tables.js';
import type { ExperimentReportInput, ReportTable } from './types.js';
import { verdictLine, verdictSummary } from './verdict-text.js';
import { verdicts } from './verdict.js';

function markdownGrid(table: ReportTable): string {
  const plain: Table = {
    header: table.header,
    rows: table.rows.map((row) => row.map((cell) => (cell.best ? `**${cell.text}**` : cell.text))),
  };
  return toMarkdown(plain).trimEnd();
}

/** The table's notes on why a column has nothing in bold, a paragraph each. */
const tableNotes = (table: ReportTable) => (table.notes ?? []).flatMap((note) => ['', note]);

const markdownTable = (table: ReportTable) => [markdownGrid(table), ...tableNotes(table)].join('\n');

/**
 * The results table as the CLI prints it after a run: baselines first, a column's clear winner in bold,
 * then each variant against the best baseline, the failed variants with their errors and any metric
 * scored with different settings across variants.
 */
export function experimentTableMarkdown(input: ExperimentReportInput): string {
  const table = resultsTable(input);
  const lines = [markdownGrid(table), '', resultsNote(input).replace('in bold', 'in **bold**'), ...tableNotes(table)];
  const judged = verdicts(input);
  if (judged && judged.length > 0) lines.push('', 'Against the best baseline of each column:', '', ...judged.map((verdict) => `- ${oneLine(verdictLine(verdict))}`));
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
  if (described.length > 0) {
    lines.push('', ...described.map((variant) => `- **${variant.name}**${isBaseline(variant) ? ' (baseline)' : ''}: ${oneLine(variant.description!)}`));
  }
  const judged = verdicts(input);
  const summary = judged ? verdictSummary(judged) : [];
  if (summary.length > 0) lines.push('', `**Against the baselines:** ${summary.map(oneLine).join(' ')}`);
  return lines;
}

function figureSection(input: ExperimentReportInput, assets: ReportAssets): string[] {
  if (assets.rows.length === 0) return [];
  const label = columnLabel(input.variants);
  const lines = ['', '## Figures', '', 'Ground truth and predictions on the ground truth\'s scale (its median at middle grey at 0 EV), the input on its own; clipped and sRGB-encoded.'];
  let current: string | undefined;
  let rows: string[][] = [];
  const flush = () => {
    if (current === undefined) return;
    lines.push('', `### ${oneLine(current)}`, '', toMarkdown({ header: ['exposure', ...assets.columns.map(label)], rows }).trimEnd());
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
    lines.push('', '### PSNR (dB)', '', markdownTable(rangewise.psnr), '', '### SSIM', '', markdownTable(rangewise.ssim));
  }
  lines.push(...perImageMarkdown(input, assets));
  if (assets.charts.length > 0) {
    lines.push('', '## Loss curves');
    for (const chart of assets.charts) lines.push('', `![${chart.term}](${link(chart.file)})`);
  }
  lines.push(...figureSection(input, assets));
  return lines.join('\n') + '\n';
}
