import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@hdr-lab/core';
import { FIGURES_DIR, nameAssets } from './assets.js';
import { renderFigureGrid } from './figure-grid.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { lossCharts } from './svg-chart.js';
import type { ExperimentReportInput } from './types.js';
import { validateReportInput } from './validate.js';

const encoder = new TextEncoder();

/**
 * Writes an ablation or sweep report into `dir`: `report.md` with its charts and figure cells under
 * `figures/`, and `report.html`, which holds the same in one self-contained file. Every file is written
 * atomically; `files` lists them, pictures first, the two reports last.
 */
export async function writeExperimentReport(
  dir: string,
  input: ExperimentReportInput,
): Promise<{ markdown: string; html: string; files: string[] }> {
  validateReportInput(input);
  const assets = nameAssets(lossCharts(input.variants), await renderFigureGrid(input));
  const markdown = renderMarkdown(input, assets);
  const html = renderHtml(input, assets);
  const outputs: [string, Uint8Array][] = [
    ...assets.charts.map((chart): [string, Uint8Array] => [chart.file, encoder.encode(chart.svg + '\n')]),
    ...assets.rows.flatMap((row) => row.cells.flatMap((cell): [string, Uint8Array][] => (cell.file && cell.png ? [[cell.file, cell.png]] : []))),
    ['report.md', encoder.encode(markdown)],
    ['report.html', encoder.encode(html)],
  ];
  await mkdir(outputs.length > 2 ? join(dir, FIGURES_DIR) : dir, { recursive: true });
  const files: string[] = [];
  for (const [name, bytes] of outputs) {
    const path = join(dir, name);
    await writeFileAtomic(path, bytes);
    files.push(path);
  }
  return { markdown, html, files };
}
