import { figureAnchor, type ReportAssets } from './assets.js';
import { escapeXml, formatValue, metricUnit } from './format.js';
import { perImageReport, WORST_COUNT, type PerImageTable, type WorstImages } from './per-image.js';
import { columnLabel, isBaseline } from './roles.js';
import type { ExperimentReportInput } from './types.js';

/** An image's name, linked to its figure in the grid below when the report shows one. */
function imageLink(assets: ReportAssets, image: string, figure: string | undefined): string {
  const anchor = figure && figureAnchor(assets, figure);
  return anchor ? `<a href="#${escapeXml(anchor)}">${escapeXml(image)}</a>` : escapeXml(image);
}

function tableHtml(input: ExperimentReportInput, assets: ReportAssets, table: PerImageTable): string {
  const label = columnLabel(input.variants);
  const { column } = table;
  const header = ['image', 'source'].map((text) => `<th>${text}</th>`).concat(
    table.variants.map((variant) => `<th${isBaseline(variant) ? ' class="baseline"' : ''}>${escapeXml(label(variant.name))}</th>`),
  );
  const rows = table.rows.map((row) => {
    const values = row.values.map((value) => `<td>${value === undefined ? '—' : escapeXml(formatValue(value, column.digits))}</td>`);
    return `<tr><td>${imageLink(assets, row.image, row.figure)}</td><td>${escapeXml(row.source)}</td>${values.join('')}</tr>`;
  });
  return (
    `<h3>${escapeXml(column.name)} ${column.higherIsBetter ? '↑' : '↓'}</h3>` +
    `<div class="scroll"><table class="per-image" data-metric="${escapeXml(column.name)}"><thead><tr>${header.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

function worstHtml(assets: ReportAssets, worst: WorstImages): string {
  const { column } = worst;
  const images = worst.images.map(
    (entry) => `${imageLink(assets, entry.image, entry.figure)} ${escapeXml(formatValue(entry.value, column.digits))}${metricUnit(column.name)}`,
  );
  return `<li><b>${escapeXml(worst.variant)}</b>: ${images.length > 0 ? images.join(', ') : `no per-image ${escapeXml(column.name)}`}</li>`;
}

/** The per-image section of report.html: a table per metric, then each variant's worst images linked to their figures. */
export function perImageHtml(input: ExperimentReportInput, assets: ReportAssets): string {
  const report = perImageReport(input);
  if (!report) return '';
  const parts = ['<h2>Per-image scores</h2>', '<p class="note">Each test crop, baselines first; a linked name jumps to its figure.</p>'];
  parts.push(...report.tables.map((table) => tableHtml(input, assets, table)));
  if (report.worst.length > 0) {
    parts.push(`<h3>Worst ${WORST_COUNT} images per variant by ${escapeXml(report.worst[0]!.column.name)}</h3>`);
    parts.push(`<ul class="worst">${report.worst.map((worst) => worstHtml(assets, worst)).join('')}</ul>`);
  }
  return parts.join('\n');
}
