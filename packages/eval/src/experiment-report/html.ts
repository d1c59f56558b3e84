import type { ReportAssets } from './assets.js';
import { escapeXml, formatStops } from './format.js';
import { perImageHtml } from './per-image-html.js';
import { columnLabel, isBaseline } from './roles.js';
import { failedVariants, rangewiseTables, resultsNote, resultsTable, signatureWarnings } from './tables.js';
import type { ExperimentReportInput, ReportTable } from './types.js';
import { standing, verdictLine, verdictSummary } from './verdict-text.js';
import { verdicts } from './verdict.js';

/**
 * Nothing may be fetched: the report has to open the same from an e-mail attachment or an archive years
 * later, so the policy allows only inline styles and data: images, and the browser test holds it to that.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.8rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.7rem; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #444; }
td.best { font-weight: bold; background: #eef6ee; }
tr.baseline td { color: #666; background: #f6f6f6; }
tr.baseline td:first-child { font-style: italic; }
tr.failed td { color: #a00; }
.summary { font-size: 1.05rem; border-left: 4px solid #444; padding: 0.3rem 0.8rem; background: #f4f4f4; }
ul.verdicts li.loses { color: #a00; }
ul.verdicts li.wins { color: #075; }
.note { color: #555; font-size: 0.9em; }
.warning { color: #8a5a00; }
.failures li code { white-space: pre-wrap; }
/* A table with many baselines and variants scrolls inside the page instead of widening it. */
.scroll { overflow-x: auto; max-width: 100%; }
.charts svg { display: block; margin: 0.6rem 0; max-width: 100%; height: auto; }
table.figure-grid { table-layout: fixed; }
table.figure-grid col.exposure { width: 4.5rem; }
table.figure-grid td, table.figure-grid th { text-align: center; padding: 0.2rem; border: none; white-space: normal; overflow-wrap: anywhere; }
table.figure-grid th.figure { text-align: left; padding-top: 1rem; font-size: 1.05rem; }
table.figure-grid th.baseline { color: #666; font-style: italic; }
table.figure-grid img { width: 100%; height: auto; display: block; cursor: zoom-in; }
table.figure-grid img:focus { position: fixed; inset: 0; margin: auto; width: 96vw; height: 92vh; object-fit: contain; image-rendering: pixelated; background: #000; box-shadow: 0 0 0 100vmax rgba(0, 0, 0, 0.85); z-index: 10; cursor: zoom-out; outline: none; }
table.figure-grid td.missing { color: #888; }
table.figure-grid td.exposure { font-weight: bold; text-align: right; padding-right: 0.6rem; }
table.per-image a, .worst a { color: inherit; }
`;

function rowClass(table: ReportTable, index: number): string {
  const kind = table.rowKinds?.[index];
  const classes = [...(kind?.baseline ? ['baseline'] : []), ...(kind?.failed ? ['failed'] : [])];
  return classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
}

function tableHtml(table: ReportTable, className: string): string {
  const head = `<thead><tr>${table.header.map((cell) => `<th>${escapeXml(cell)}</th>`).join('')}</tr></thead>`;
  const body = table.rows
    .map((row, index) => {
      const cells = row.map((cell) => (cell.best ? `<td class="best"><b>${escapeXml(cell.text)}</b></td>` : `<td>${escapeXml(cell.text)}</td>`));
      return `<tr${rowClass(table, index)}>${cells.join('')}</tr>`;
    })
    .join('');
  return `<div class="scroll"><table class="${className}">${head}<tbody>${body}</tbody></table></div>`;
}

const notesHtml = (table: ReportTable) => (table.notes ?? []).map((note) => `<p class="note">${escapeXml(note)}</p>`);

function headerHtml(input: ExperimentReportInput): string {
  const parts = [
    `<h1>${escapeXml(input.title)}</h1>`,
    `<p class="meta">${escapeXml(input.kind)} · config <code>${escapeXml(input.configHash)}</code> · ${escapeXml(input.createdAt)}</p>`,
  ];
  const settings = Object.entries(input.settings ?? {});
  if (settings.length > 0) {
    const rows = settings.map(([name, value]) => `<tr><th>${escapeXml(name)}</th><td>${escapeXml(value)}</td></tr>`).join('');
    parts.push(`<table class="settings"><tbody>${rows}</tbody></table>`);
  }
  const described = input.variants.filter((variant) => variant.description);
  if (described.length > 0) {
    const items = described.map((variant) => `<li><b>${escapeXml(variant.name)}</b>${isBaseline(variant) ? ' (baseline)' : ''}: ${escapeXml(variant.description!)}</li>`);
    parts.push(`<ul class="variants">${items.join('')}</ul>`);
  }
  const judged = verdicts(input);
  const summary = judged ? verdictSummary(judged) : [];
  if (summary.length > 0) parts.push(`<p class="summary"><b>Against the baselines:</b> ${escapeXml(summary.join(' '))}</p>`);
  return parts.join('\n');
}

function verdictsHtml(input: ExperimentReportInput): string[] {
  const judged = verdicts(input);
  if (!judged || judged.length === 0) return [];
  const items = judged.map((verdict) => `<li class="${standing(verdict)}">${escapeXml(verdictLine(verdict))}</li>`).join('');
  return ['<h3>Against the best baseline of each column</h3>', `<ul class="verdicts">${items}</ul>`];
}

function rangewiseHtml(input: ExperimentReportInput): string[] {
  const rangewise = rangewiseTables(input);
  if (!rangewise) return [];
  return [
    '<h2>Range-wise evaluation</h2>',
    '<p class="note">Per level 2^-k of the decomposed LDR stack and the mean over levels; higher is better.</p>',
    '<h3>PSNR (dB)</h3>',
    tableHtml(rangewise.psnr, 'rangewise rangewise-psnr'),
    ...notesHtml(rangewise.psnr),
    '<h3>SSIM</h3>',
    tableHtml(rangewise.ssim, 'rangewise rangewise-ssim'),
    ...notesHtml(rangewise.ssim),
  ];
}

function resultsHtml(input: ExperimentReportInput): string {
  const table = resultsTable(input);
  const parts = ['<h2>Results</h2>', tableHtml(table, 'results'), `<p class="note">${escapeXml(resultsNote(input))}</p>`, ...notesHtml(table), ...verdictsHtml(input)];
  const failed = failedVariants(input);
  if (failed.length > 0) {
    const items = failed.map((variant) => `<li><b>${escapeXml(variant.name)}</b>: <code>${escapeXml(variant.error)}</code></li>`).join('');
    parts.push(`<h3>Failed variants (${failed.length})</h3><ul class="failures">${items}</ul>`);
  }
  parts.push(...signatureWarnings(input).map((warning) => `<p class="warning">Warning: ${escapeXml(warning)}</p>`));
  return parts.join('\n');
}

function imageHtml(png: Uint8Array, alt: string): string {
  const data = Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64');
  return `<img alt="${escapeXml(alt)}" title="click for full size" tabindex="0" src="data:image/png;base64,${data}">`;
}

/** Image columns' natural width: 224 px pictures with their padding, beside the exposure column. */
const FIGURE_COLUMN_PX = 228;
const EXPOSURE_COLUMN_PX = 72;

/**
 * The figure grid, scaled to the page: a fixed layout no wider than the page, its columns shrinking
 * evenly once they no longer fit at 224 px, so every column stays in view however many variants there
 * are. Clicking a picture (it takes focus; the report runs no script) shows it over the page at full size.
 */
function figuresHtml(input: ExperimentReportInput, assets: ReportAssets): string {
  if (assets.rows.length === 0) return '';
  const label = columnLabel(input.variants);
  const baselines = new Set(input.variants.filter(isBaseline).map((variant) => variant.name));
  const span = assets.columns.length + 1;
  const head = `<tr><th></th>${assets.columns.map((column) => `<th${baselines.has(column) ? ' class="baseline"' : ''}>${escapeXml(label(column))}</th>`).join('')}</tr>`;
  const body: string[] = [];
  let current: string | undefined;
  for (const row of assets.rows) {
    if (row.figure !== current) {
      current = row.figure;
      body.push(`<tr id="${escapeXml(row.anchor)}"><th class="figure" colspan="${span}">${escapeXml(row.figure)}</th></tr>`, head);
    }
    const stops = formatStops(row.stops);
    const cells = row.cells.map((cell) =>
      cell.png ? `<td>${imageHtml(cell.png, `${row.figure}: ${cell.column} at ${stops}`)}</td>` : '<td class="missing">no prediction</td>',
    );
    body.push(`<tr><td class="exposure">${escapeXml(stops)}</td>${cells.join('')}</tr>`);
  }
  const width = EXPOSURE_COLUMN_PX + assets.columns.length * FIGURE_COLUMN_PX;
  const columns = `<colgroup><col class="exposure"><col span="${assets.columns.length}"></colgroup>`;
  return [
    '<h2>Figures</h2>',
    "<p class=\"note\">Ground truth and predictions on the ground truth's scale (its median at middle grey at 0 EV), the input on its own; clipped and sRGB-encoded. Click a picture for full size.</p>",
    `<table class="figure-grid" style="width: min(100%, ${width}px)">${columns}<tbody>${body.join('')}</tbody></table>`,
  ].join('\n');
}

/** report.html: one self-contained file, tables, inline SVG charts and data: URI images, no script. */
export function renderHtml(input: ExperimentReportInput, assets: ReportAssets): string {
  const charts = assets.charts.length > 0 ? `<h2>Loss curves</h2>\n<div class="charts">${assets.charts.map((chart) => chart.svg).join('\n')}</div>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(input.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${[headerHtml(input), resultsHtml(input), ...rangewiseHtml(input), perImageHtml(input, assets), charts, figuresHtml(input, assets)].filter(Boolean).join('\n')}
</body>
</html>
`;
}
