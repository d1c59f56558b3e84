import { axisFraction, finiteExtent, linearAxis, logAxis, tickLabel, usesLogScale, type Axis } from './axis.js';
import { EMA_WEIGHT, debiasedEma } from './ema.js';
import { escapeXml } from './format.js';
import type { LossPoint } from './types.js';

export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly LossPoint[];
}

/** Colour-blind-safe categorical colours (Okabe and Ito), in variant order, repeating after eight. */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

export function seriesColor(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

const WIDTH = 720;
const HEIGHT = 320;
const PLOT = { left: 64, top: 32, right: 560, bottom: 272 };

const usable = (point: LossPoint, log: boolean) => Number.isFinite(point.step) && Number.isFinite(point.value) && (!log || point.value > 0);

/** Runs of consecutive usable points: a NaN or infinite loss breaks the line instead of being drawn as 0. */
function segments(points: readonly LossPoint[], log: boolean): LossPoint[][] {
  const runs: LossPoint[][] = [[]];
  for (const point of points) {
    if (usable(point, log)) runs[runs.length - 1]!.push(point);
    else if (runs[runs.length - 1]!.length > 0) runs.push([]);
  }
  return runs.filter((run) => run.length > 0);
}

/** Faint enough that the smoothed line reads first, visible enough that spikes and noise still show. */
const RAW_OPACITY = 0.3;

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * A curve logged every step for a long run has far more points than the chart has pixel columns. Per
 * column only the first, lowest, highest and last point are kept, in their order, which draws the same
 * envelope (spikes included) with a bounded number of points.
 */
export function thin(points: readonly [number, number][]): [number, number][] {
  if (points.length <= 4 * (PLOT.right - PLOT.left)) return [...points];
  const kept: [number, number][] = [];
  let start = 0;
  while (start < points.length) {
    const column = Math.round(points[start]![0]);
    let end = start;
    while (end + 1 < points.length && Math.round(points[end + 1]![0]) === column) end++;
    let low = start;
    let high = start;
    for (let index = start; index <= end; index++) {
      if (points[index]![1] > points[low]![1]) low = index;
      if (points[index]![1] < points[high]![1]) high = index;
    }
    for (const index of [...new Set([start, low, high, end])].sort((a, b) => a - b)) kept.push(points[index]!);
    start = end + 1;
  }
  return kept;
}

function xPixel(axis: Axis, step: number): number {
  return round(PLOT.left + axisFraction(axis, step) * (PLOT.right - PLOT.left));
}

function yPixel(axis: Axis, value: number): number {
  return round(PLOT.bottom - axisFraction(axis, value) * (PLOT.bottom - PLOT.top));
}

function axesSvg(xAxis: Axis, yAxis: Axis): string {
  const parts = [`<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#999"/>`];
  for (const tick of xAxis.ticks) {
    const x = xPixel(xAxis, tick);
    parts.push(`<line x1="${x}" y1="${PLOT.bottom}" x2="${x}" y2="${PLOT.bottom + 5}" stroke="#444"/>`);
    parts.push(`<text x="${x}" y="${PLOT.bottom + 18}" text-anchor="middle">${tickLabel(tick)}</text>`);
  }
  for (const tick of yAxis.ticks) {
    const y = yPixel(yAxis, tick);
    parts.push(`<line x1="${PLOT.left - 5}" y1="${y}" x2="${PLOT.right}" y2="${y}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${PLOT.left - 8}" y="${y + 4}" text-anchor="end">${tickLabel(tick)}</text>`);
  }
  parts.push(`<text x="${(PLOT.left + PLOT.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle">step</text>`);
  return parts.join('');
}

function legendSvg(series: readonly ChartSeries[]): string {
  return series
    .map((entry, index) => {
      const y = PLOT.top + 8 + index * 18;
      return (
        `<line x1="${PLOT.right + 16}" y1="${y}" x2="${PLOT.right + 36}" y2="${y}" stroke="${entry.color}" stroke-width="2"/>` +
        `<text x="${PLOT.right + 42}" y="${y + 4}">${escapeXml(entry.name)}</text>`
      );
    })
    .join('');
}

function runSvg(run: readonly LossPoint[], xAxis: Axis, yAxis: Axis, color: string, style: 'raw' | 'smoothed'): string {
  const coordinates = thin(run.map((point): [number, number] => [xPixel(xAxis, point.step), yPixel(yAxis, point.value)]));
  const raw = style === 'raw';
  if (coordinates.length === 1) {
    const [x, y] = coordinates[0]!;
    return `<circle class="${style}" cx="${x}" cy="${y}" r="2.5" fill="${color}"${raw ? ` fill-opacity="${RAW_OPACITY}"` : ''}/>`;
  }
  const stroke = raw ? `stroke-opacity="${RAW_OPACITY}" stroke-width="1"` : 'stroke-width="1.75"';
  return `<polyline class="${style}" fill="none" stroke="${color}" ${stroke} stroke-linejoin="round" points="${coordinates.map(([x, y]) => `${x},${y}`).join(' ')}"/>`;
}

/**
 * A variant's curve twice: the raw values faint behind, their debiased EMA as the line to read. Both break
 * where a value is not finite (or, on a log axis, not positive).
 */
function seriesSvg(entry: ChartSeries, xAxis: Axis, yAxis: Axis, log: boolean): string {
  const smoothed = debiasedEma(entry.points.map((point) => point.value)).map((value, index): LossPoint => ({ step: entry.points[index]!.step, value }));
  const raw = segments(entry.points, log).map((run) => runSvg(run, xAxis, yAxis, entry.color, 'raw'));
  const line = segments(smoothed, log).map((run) => runSvg(run, xAxis, yAxis, entry.color, 'smoothed'));
  return `<g data-variant="${escapeXml(entry.name)}">${raw.join('')}${line.join('')}</g>`;
}

/**
 * One loss term's training curves: per variant a smoothed line over its faint raw values (each broken at
 * non-finite values), axes with ticks, a legend, and a log y axis when the values span more than two
 * decades. A chart with nothing to draw still renders, saying so, so a report never has a hole where a
 * chart should be.
 */
export function lossChartSvg(title: string, series: readonly ChartSeries[]): string {
  const all = series.flatMap((entry) => entry.points);
  const log = usesLogScale(all.filter((point) => Number.isFinite(point.step)).map((point) => point.value));
  const drawn = all.filter((point) => usable(point, log));
  const left = all.length - drawn.length;
  const header =
    `<svg xmlns="http://www.w3.org/2000/svg" class="loss-chart" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ` +
    `font-family="sans-serif" font-size="11" role="img" aria-label="${escapeXml(title)}">` +
    `<text x="${PLOT.left}" y="18" font-size="13" font-weight="bold">${escapeXml(title)}${log ? ' (log scale)' : ''}</text>`;
  const note = left > 0 ? `<text x="${PLOT.right}" y="18" text-anchor="end" fill="#a00">${left} non-finite point${left === 1 ? '' : 's'} left out</text>` : '';
  if (drawn.length === 0) {
    return `${header}${note}<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#999"/><text x="${(PLOT.left + PLOT.right) / 2}" y="${(PLOT.top + PLOT.bottom) / 2}" text-anchor="middle" fill="#666">no finite values to plot</text>${legendSvg(series)}</svg>`;
  }
  const steps = finiteExtent(drawn.map((point) => point.step));
  const values = finiteExtent(drawn.map((point) => point.value));
  const integerSteps = drawn.every((point) => Number.isInteger(point.step));
  const xAxis = linearAxis(steps.min, steps.max, { count: 6, integer: integerSteps });
  const yAxis = log ? logAxis(values.min, values.max) : linearAxis(values.min, values.max);
  const lines = series.map((entry) => seriesSvg(entry, xAxis, yAxis, log)).join('');
  const caption = `<text x="${WIDTH - 6}" y="${HEIGHT - 8}" text-anchor="end" fill="#666">line: EMA ${EMA_WEIGHT}; faint: raw</text>`;
  return `${header}${note}${axesSvg(xAxis, yAxis)}${lines}${legendSvg(series)}${caption}</svg>`;
}

export interface LossChart {
  readonly term: string;
  readonly svg: string;
}

/**
 * A chart per loss term named by any variant, failed ones included (a diverging run's curve is the
 * explanation of its failure); each variant keeps its colour across charts. Colours go to the variants
 * that have curves, so baselines, which are not trained, do not use up the palette.
 */
export function lossCharts(all: readonly { name: string; losses?: Readonly<Record<string, readonly LossPoint[]>> }[]): LossChart[] {
  const variants = all.filter((variant) => Object.keys(variant.losses ?? {}).length > 0);
  const terms = [...new Set(variants.flatMap((variant) => Object.keys(variant.losses ?? {})))];
  return terms.map((term) => ({
    term,
    svg: lossChartSvg(
      term,
      variants.flatMap((variant, index) => {
        const points = variant.losses?.[term];
        return points ? [{ name: variant.name, color: seriesColor(index), points }] : [];
      }),
    ),
  }));
}
