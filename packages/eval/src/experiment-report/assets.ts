import { formatStops, uniqueSlugs } from './format.js';
import type { FigureCell, FigureGrid, FigureGridRow } from './figure-grid.js';
import type { LossChart } from './svg-chart.js';

/** Where the report's pictures go, relative to the report: everything under `figures/`. */
export const FIGURES_DIR = 'figures';

export interface ChartAsset extends LossChart {
  readonly file: string;
}

/** A figure cell with the file its picture is written to (cells without a picture have none). */
export interface FigureAssetCell extends FigureCell {
  readonly file?: string;
}

export interface FigureAssetRow extends Omit<FigureGridRow, 'cells'> {
  readonly cells: readonly FigureAssetCell[];
  /** The figure's HTML id, the same for all its exposure rows, so per-image tables can link to it. */
  readonly anchor: string;
}

export interface ReportAssets extends Omit<FigureGrid, 'rows'> {
  readonly charts: readonly ChartAsset[];
  readonly rows: readonly FigureAssetRow[];
}

function stopsTag(stops: number): string {
  return `ev${formatStops(stops).replace(' EV', '').replace(/^0$/, '+0')}`;
}

/**
 * File names for the charts and figure cells, made safe and distinct even when two loss terms, figures or
 * variants differ only in characters a file name cannot hold: `figures/loss-<term>.svg` and
 * `figures/<figure>_<ev>_<column>.png`.
 */
export function nameAssets(charts: readonly LossChart[], grid: FigureGrid): ReportAssets {
  const chartSlugs = uniqueSlugs(charts.map((chart) => chart.term));
  const figureNames = [...new Set(grid.rows.map((row) => row.figure))];
  const figureSlugs = new Map(uniqueSlugs(figureNames).map((name, index) => [figureNames[index]!, name]));
  const columnSlugs = new Map(uniqueSlugs(grid.columns).map((name, index) => [grid.columns[index]!, name]));
  return {
    charts: charts.map((chart, index) => ({ ...chart, file: `${FIGURES_DIR}/loss-${chartSlugs[index]!}.svg` })),
    columns: grid.columns,
    rows: grid.rows.map((row) => ({
      ...row,
      anchor: `figure-${figureSlugs.get(row.figure)!}`,
      cells: row.cells.map((cell) =>
        cell.png
          ? { ...cell, file: `${FIGURES_DIR}/${figureSlugs.get(row.figure)!}_${stopsTag(row.stops)}_${columnSlugs.get(cell.column)!}.png` }
          : cell,
      ),
    })),
  };
}

/** A figure's cell file for a column at the exposure nearest 0 EV, the one that shows most of the image. */
export function figureFile(assets: ReportAssets, figure: string, column: string): string | undefined {
  const rows = assets.rows.filter((row) => row.figure === figure).sort((a, b) => Math.abs(a.stops) - Math.abs(b.stops));
  return rows.map((row) => row.cells.find((cell) => cell.column === column)?.file).find((file) => file !== undefined);
}

/** A figure's HTML id, if the report shows it. */
export function figureAnchor(assets: ReportAssets, figure: string): string | undefined {
  return assets.rows.find((row) => row.figure === figure)?.anchor;
}
