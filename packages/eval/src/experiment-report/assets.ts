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
      cells: row.cells.map((cell) =>
        cell.png
          ? { ...cell, file: `${FIGURES_DIR}/${figureSlugs.get(row.figure)!}_${stopsTag(row.stops)}_${columnSlugs.get(cell.column)!}.png` }
          : cell,
      ),
    })),
  };
}
