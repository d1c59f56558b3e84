import type { HdrImage } from '@hdr-lab/core';
import type { RangewiseSummary } from '../rangewise/aggregate.js';

export interface VariantMetric {
  readonly mean: number;
  readonly std: number;
  /** Test crops the mean was taken over. */
  readonly n: number;
  /** Distinct source images the n crops were cut from; crops of one image are not independent samples. */
  readonly sources?: number;
  readonly higherIsBetter: boolean;
  /** The metric's id, version and settings in one string, so two variants scored differently can be told apart. */
  readonly signature?: string;
}

export interface LossPoint {
  readonly step: number;
  readonly value: number;
}

/** One test crop's scores. */
export interface ImageScores {
  /** The crop's name, the same across variants so their scores can be paired image by image. */
  readonly image: string;
  /** the source image the test crop came from, e.g. 'StillLife.exr' */
  readonly source: string;
  /** Keyed like VariantResult.metrics, e.g. `psnr-tm`, `rangewise.psnr`. */
  readonly scores: Readonly<Record<string, number>>;
}

/**
 * One arm of an ablation or one point of a sweep: a trained model and its evaluation; or a baseline, a
 * model-free reconstruction scored on the same test inputs, against which every variant is judged.
 */
export interface VariantResult {
  /** Short identifier, e.g. `rec`, `rec_gan`; also the key of its predictions in a FigureRow. */
  readonly name: string;
  /** Absent means 'variant'. Baselines come first in every table and are marked as such. */
  readonly role?: 'variant' | 'baseline';
  readonly description?: string;
  readonly status: 'completed' | 'failed';
  readonly error?: string;
  readonly metrics: Readonly<Record<string, VariantMetric>>;
  /** The range-wise protocol's per-level means over the test images. */
  readonly rangewise?: RangewiseSummary;
  /** Training curves, one series per loss term. */
  readonly losses?: Readonly<Record<string, readonly LossPoint[]>>;
  /** Per-crop scores behind the means: standard errors, image-by-image verdicts and the worst images come from them. */
  readonly perImage?: readonly ImageScores[];
}

/** One test image shown the way the hybrid-loss paper's Figs. 4 and 9 show it: input, ground truth and predictions. */
export interface FigureRow {
  readonly name: string;
  /** The LDR input, linear, in [0, 1]. */
  readonly input: HdrImage;
  readonly groundTruth: HdrImage;
  /** Keyed by variant or baseline name; a variant without a prediction gets an empty cell. Columns follow the tables' row order. */
  readonly predictions: Readonly<Record<string, HdrImage>>;
}

export interface ExperimentReportInput {
  readonly title: string;
  readonly kind: 'ablation' | 'sweep';
  readonly configHash: string;
  /** ISO 8601 timestamp of the run. */
  readonly createdAt: string;
  /** A few key settings shown under the title. */
  readonly settings?: Readonly<Record<string, string>>;
  readonly variants: readonly VariantResult[];
  readonly figures?: readonly FigureRow[];
  /** Stops relative to the ground truth's median-normalised scale, one figure-grid row each; default [-2, 0, 2]. */
  readonly exposures?: readonly number[];
}

/** A table cell; `best` marks a column's clear winner (bold in Markdown and HTML). */
export interface ReportCell {
  readonly text: string;
  readonly best?: boolean;
}

export interface ReportTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly ReportCell[])[];
  /** Per row, what kind of row it is, for styling: a baseline, a failed run, both or neither. */
  readonly rowKinds?: readonly RowKind[];
  /** Sentences for under the table, e.g. why a column has nothing in bold. */
  readonly notes?: readonly string[];
}

export interface RowKind {
  readonly baseline: boolean;
  readonly failed: boolean;
}
