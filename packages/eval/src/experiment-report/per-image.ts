import { displayOrder, isBaseline } from './roles.js';
import { metricColumns, type MetricColumn } from './tables.js';
import type { ExperimentReportInput, VariantResult } from './types.js';

/** How many of each variant's worst images are listed. */
export const WORST_COUNT = 5;

export interface PerImageRow {
  readonly image: string;
  readonly source: string;
  /** The figure row that shows this image, if any. */
  readonly figure?: string;
  /** Per variant of the table, its score on this image; undefined where it has none. */
  readonly values: readonly (number | undefined)[];
}

/** One metric's scores, a row per image and a column per baseline and variant in the tables' order. */
export interface PerImageTable {
  readonly column: MetricColumn;
  readonly variants: readonly VariantResult[];
  readonly rows: readonly PerImageRow[];
}

export interface WorstImage {
  readonly image: string;
  readonly value: number;
  readonly figure?: string;
}

export interface WorstImages {
  readonly variant: string;
  readonly column: MetricColumn;
  readonly images: readonly WorstImage[];
}

export interface PerImageReport {
  readonly tables: readonly PerImageTable[];
  readonly worst: readonly WorstImages[];
}

/**
 * The figure that shows an image: figures are named like the images, or like them without the file
 * extension (`StillLife_03` for `StillLife_03.exr`), as the runner names them.
 */
export function figureFor(image: string, figures: ReadonlySet<string>): string | undefined {
  if (figures.has(image)) return image;
  const stem = image.replace(/\.[A-Za-z0-9]+$/, '');
  return figures.has(stem) ? stem : undefined;
}

/** Worst first in the metric's direction; a NaN score, a broken prediction, is the worst of all. */
function worstFirst(column: MetricColumn) {
  const sign = column.higherIsBetter ? 1 : -1;
  return (a: WorstImage, b: WorstImage) => {
    if (Number.isNaN(a.value) || Number.isNaN(b.value)) return Number(Number.isNaN(b.value)) - Number(Number.isNaN(a.value));
    return sign * (a.value - b.value);
  };
}

function worstImages(variant: VariantResult, column: MetricColumn, figures: ReadonlySet<string>): WorstImages {
  const images = variant.perImage!.flatMap((entry): WorstImage[] => {
    const value = entry.scores[column.name];
    if (value === undefined) return [];
    const figure = figureFor(entry.image, figures);
    return [{ image: entry.image, value, ...(figure ? { figure } : {}) }];
  });
  return { variant: variant.name, column, images: images.sort(worstFirst(column)).slice(0, WORST_COUNT) };
}

function perImageTable(variants: readonly VariantResult[], column: MetricColumn, figures: ReadonlySet<string>): PerImageTable {
  const sources = new Map<string, string>();
  for (const variant of variants) for (const entry of variant.perImage!) if (!sources.has(entry.image)) sources.set(entry.image, entry.source);
  const lookups = variants.map((variant) => new Map(variant.perImage!.map((entry) => [entry.image, entry.scores[column.name]])));
  const rows = [...sources].map(([image, source]): PerImageRow => {
    const figure = figureFor(image, figures);
    return { image, source, ...(figure ? { figure } : {}), values: lookups.map((lookup) => lookup.get(image)) };
  });
  return { column, variants, rows };
}

/**
 * The per-image view, kept to two metrics so it stays readable: the first metric of the results table
 * and the range-wise PSNR, each where per-image scores were recorded; and each variant's worst images by
 * the first of them. Undefined when no completed row has per-image scores.
 */
export function perImageReport(input: ExperimentReportInput): PerImageReport | undefined {
  const variants = displayOrder(input.variants).filter((variant) => variant.status === 'completed' && variant.perImage && variant.perImage.length > 0);
  const scored = metricColumns(input.variants).filter((column) =>
    variants.some((variant) => variant.perImage!.some((entry) => entry.scores[column.name] !== undefined)),
  );
  if (scored.length === 0) return undefined;
  const columns = [scored[0]!, ...scored.slice(1).filter((column) => column.name === 'rangewise.psnr')];
  const figures = new Set((input.figures ?? []).map((figure) => figure.name));
  return {
    tables: columns.map((column) => perImageTable(variants, column, figures)),
    worst: variants.filter((variant) => !isBaseline(variant)).map((variant) => worstImages(variant, columns[0]!, figures)),
  };
}
