import { encodeLdr, exposeToLdr, luminance, median, type HdrImage } from '@hdr-lab/core';
import { displayOrder } from './roles.js';
import { DEFAULT_EXPOSURES } from './validate.js';
import type { ExperimentReportInput } from './types.js';

/** Middle grey: the median pixel of every image is shown at this linear value at 0 EV. */
export const DISPLAY_KEY = 0.18;

/**
 * The factor that brings an image's median luminance to DISPLAY_KEY. An image whose median is not positive
 * (a dark input where most pixels quantised to 0) falls back to its mean; an image with no light at all is
 * shown as it is.
 */
export function displayScale(image: HdrImage): number {
  const lum = luminance(image);
  const middle = median(lum);
  if (middle > 0) return DISPLAY_KEY / middle;
  let sum = 0;
  let count = 0;
  for (const value of lum) {
    if (Number.isFinite(value)) {
      sum += value;
      count++;
    }
  }
  const mean = count > 0 ? sum / count : 0;
  return mean > 0 ? DISPLAY_KEY / mean : 1;
}

export interface FigureCell {
  /** `input`, `ground truth` or a variant's name. */
  readonly column: string;
  /** 8-bit sRGB PNG; absent for a variant with no prediction for this figure. */
  readonly png?: Uint8Array;
}

export interface FigureGridRow {
  readonly figure: string;
  readonly stops: number;
  readonly cells: readonly FigureCell[];
}

export interface FigureGrid {
  readonly columns: readonly string[];
  readonly rows: readonly FigureGridRow[];
}

/** The baselines and variants that have a prediction in at least one figure row, in the tables' order. */
export function predictionColumns(input: ExperimentReportInput): string[] {
  const named = new Set((input.figures ?? []).flatMap((figure) => Object.keys(figure.predictions)));
  return displayOrder(input.variants)
    .map((variant) => variant.name)
    .filter((name) => named.has(name));
}

/** The image at `factor * 2^stops`, clipped and sRGB-encoded, as an 8-bit PNG. */
export async function exposedPng(image: HdrImage, factor: number, stops: number): Promise<Uint8Array> {
  return encodeLdr(exposeToLdr(image, { stops: Math.log2(factor) + stops, encoding: 'srgb', bitDepth: 8 }), 'png');
}

/**
 * The hybrid-loss paper's Figs. 4 and 9 as a grid: a row per figure and exposure, columns input, ground
 * truth and each baseline's and variant's prediction. The ground truth and the predictions share one
 * scale, the one that puts the ground truth's median at middle grey, so a prediction that is too bright or
 * too dark shows as such; the input LDR, whose scale relative to the ground truth is unknown, is put on
 * its own median.
 */
export async function renderFigureGrid(input: ExperimentReportInput): Promise<FigureGrid> {
  const variants = predictionColumns(input);
  const exposures = input.exposures ?? DEFAULT_EXPOSURES;
  const rows: FigureGridRow[] = [];
  for (const figure of input.figures ?? []) {
    const inputScale = displayScale(figure.input);
    const truthScale = displayScale(figure.groundTruth);
    for (const stops of exposures) {
      const cells: FigureCell[] = [
        { column: 'input', png: await exposedPng(figure.input, inputScale, stops) },
        { column: 'ground truth', png: await exposedPng(figure.groundTruth, truthScale, stops) },
      ];
      for (const name of variants) {
        const prediction = figure.predictions[name];
        cells.push(prediction ? { column: name, png: await exposedPng(prediction, truthScale, stops) } : { column: name });
      }
      rows.push({ figure: figure.name, stops, cells });
    }
  }
  return { columns: ['input', 'ground truth', ...variants], rows };
}
