import type { ReportAssets } from './assets.js';
import { escapeXml, formatStops } from './format.js';
import { failedVariants, rangewiseTables, resultsTable, signatureWarnings } from './tables.js';
import type { ExperimentReportInput, ReportTable } from './types.js';

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
tr.failed td { color: #a00; }
.note { color: #555; font-size: 0.9em; }
.warning { color: #8a5a00; }
.failures li code { white-space: pre-wrap; }
.charts svg { display: block; margin: 0.6rem 0; max-width: 100%; height: auto; }
table.figure-grid td, table.figure-grid th { text-align: center; padding: 0.2rem; border: none; }
table.figure-grid th.figure { text-align: left; padding-top: 1rem; font-size: 1.05rem; }
table.figure-grid img { width: 224px; height: auto; display: block; }
table.figure-grid td.missing { color: #888; width: 224px; }
table.figure-grid td.exposure { font-weight: bold; text-align: right; padding-right: 0.6rem; }
`;

function tableHtml(table: ReportTable, className: string, failedRows: ReadonlySet<number> = new Set()): string {
  const head = `<thead><tr>${table.header.map((cell) => `<th>${escapeXml(cell)}</th>`).join('')}</tr></thead>`;
  const body = table.rows
    .map((row, index) => {
      const cells = row.map((cell) => (cell.best ? `<td class="best"><b>${escapeXml(cell.text)}</b></td>` : `<td>${escapeXml(cell.text)}</td>`));
      return `<tr${failedRows.has(index) ? ' class="failed"' : ''}>${cells.join('')}</tr>`;
    })
    .join('');
  return `<table class="${className}">${head}<tbody>${body}</tbody></table>`;
}

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
    parts.push(`<ul class="variants">${described.map((variant) => `<li><b>${escapeXml(variant.name)}</b>: ${escapeXml(variant.description!)}</li>`).join('')}</ul>`);
  }
  return parts.join('\n');
}

function resultsHtml(input: ExperimentReportInput): string {
  const failedRows = new Set(input.variants.flatMap((variant, index) => (variant.status === 'completed' ? [] : [index])));
  const parts = [
    '<h2>Results</h2>',
    tableHtml(resultsTable(input), 'results', failedRows),
    '<p class="note">mean ± sample standard deviation over n test images; ↑ higher is better, ↓ lower is better; the best of each column in bold.</p>',
  ];
  const failed = failedVariants(input);
  if (failed.length > 0) {
    const items = failed.map((variant) => `<li><b>${escapeXml(variant.name)}</b>: <code>${escapeXml(variant.error)}</code></li>`).join('');
    parts.push(`<h3>Failed variants (${failed.length})</h3><ul class="failures">${items}</ul>`);
  }
  parts.push(...signatureWarnings(input).map((warning) => `<p class="warning">Warning: ${escapeXml(warning)}</p>`));
  const rangewise = rangewiseTables(input);
  if (rangewise) {
    parts.push(
      '<h2>Range-wise evaluation</h2>',
      '<p class="note">Per level 2^-k of the decomposed LDR stack and the mean over levels; higher is better.</p>',
      '<h3>PSNR (dB)</h3>',
      tableHtml(rangewise.psnr, 'rangewise rangewise-psnr'),
      '<h3>SSIM</h3>',
      tableHtml(rangewise.ssim, 'rangewise rangewise-ssim'),
    );
  }
  return parts.join('\n');
}

function imageHtml(png: Uint8Array, alt: string): string {
  return `<img alt="${escapeXml(alt)}" src="data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}">`;
}

function figuresHtml(assets: ReportAssets): string {
  if (assets.rows.length === 0) return '';
  const span = assets.columns.length + 1;
  const head = `<tr><th></th>${assets.columns.map((column) => `<th>${escapeXml(column)}</th>`).join('')}</tr>`;
  const body: string[] = [];
  let current: string | undefined;
  for (const row of assets.rows) {
    if (row.figure !== current) {
      current = row.figure;
      body.push(`<tr><th class="figure" colspan="${span}">${escapeXml(row.figure)}</th></tr>`, head);
    }
    const label = formatStops(row.stops);
    const cells = row.cells.map((cell) =>
      cell.png ? `<td>${imageHtml(cell.png, `${row.figure}: ${cell.column} at ${label}`)}</td>` : '<td class="missing">no prediction</td>',
    );
    body.push(`<tr><td class="exposure">${escapeXml(label)}</td>${cells.join('')}</tr>`);
  }
  return [
    '<h2>Figures</h2>',
    "<p class=\"note\">Ground truth and predictions on the ground truth's scale (its median at middle grey at 0 EV), the input on its own; clipped and sRGB-encoded.</p>",
    `<table class="figure-grid"><tbody>${body.join('')}</tbody></table>`,
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
${[headerHtml(input), resultsHtml(input), charts, figuresHtml(assets)].filter(Boolean).join('\n')}
</body>
</html>
`;
}
