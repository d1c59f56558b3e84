import type { HdrImage } from '../image/hdr-image.js';
import { luminance } from '../image/luminance.js';
import { applyLuminanceRatio, clampNegativeLuminance } from './luminance-ratio.js';
import { defineToneMapOperator, negativeFlags, type ToneMapOutput } from './operator.js';
import { sortedIndexPercentile } from './percentile-index.js';

interface KimKautzParams {
  readonly c1: number;
  readonly c2: number;
  readonly displayMax: number;
  readonly displayMin: number;
}

/** What the curve is fitted to: the log-luminance mean and range, and the percentiles that normalise it. */
interface KimKautzFit {
  readonly mean: number;
  readonly logMin: number;
  readonly logMax: number;
  readonly low: number;
  readonly high: number;
}

function logLuminance(luma: Float32Array): Float64Array {
  return Float64Array.from(luma, (value) => Math.log(value + 1e-6));
}

/**
 * A flat fitted image has no log range: its compression factor k1 is taken as 1 (nothing to compress) and
 * its Gaussian as 1, where the formula divides by zero.
 */
function compress(logLuma: Float64Array, { c1, c2, displayMax, displayMin }: KimKautzParams, fit: Omit<KimKautzFit, 'low' | 'high'>): Float64Array {
  const { mean, logMin, logMax } = fit;
  const range = logMax - logMin;
  const k1 = range > 0 ? (Math.log(displayMax) - Math.log(displayMin)) / range : 1;
  const sigma = range / c1;
  const display = new Float64Array(logLuma.length);
  for (let i = 0; i < logLuma.length; i++) {
    const centred = logLuma[i]! - mean;
    const weight = sigma > 0 ? Math.exp(-(centred * centred) / (2 * sigma * sigma)) : 1;
    const k2 = (1 - k1) * weight + k1;
    display[i] = Math.exp(c2 * k2 * centred + mean);
  }
  return display;
}

/**
 * The 1st-99th percentile range the display values are normalised to; when those coincide (98% of the
 * pixels at one level, e.g. a mostly black frame) the full range, so the remaining pixels are not lost.
 */
function normalisationRange(sorted: Float64Array): { low: number; high: number } {
  const low = sortedIndexPercentile(sorted, 0.01);
  const high = sortedIndexPercentile(sorted, 0.99);
  return high > low ? { low, high } : { low: sorted[0]!, high: sorted[sorted.length - 1]! };
}

/** BT.709 luminance, negative values taken as 0 and counted. */
function clampedLuminance(image: HdrImage): { luma: Float32Array; clamped: number } {
  const luma = luminance(image);
  return { luma, clamped: clampNegativeLuminance(luma) };
}

function fitKimKautz(image: HdrImage, params: KimKautzParams): KimKautzFit {
  const logLuma = logLuminance(clampedLuminance(image).luma);
  let sum = 0;
  let logMin = Infinity;
  let logMax = -Infinity;
  for (const value of logLuma) {
    sum += value;
    if (value < logMin) logMin = value;
    if (value > logMax) logMax = value;
  }
  const range = { mean: sum / logLuma.length, logMin, logMax };
  return { ...range, ...normalisationRange(compress(logLuma, params, range).sort()) };
}

/** A flat image has no range to normalise: it maps to mid-grey, 0.5 (black stays black, by its zero luminance). */
function kimKautz(image: HdrImage, params: KimKautzParams, fit: KimKautzFit): ToneMapOutput {
  const { luma, clamped } = clampedLuminance(image);
  const display = compress(logLuminance(luma), params, fit);
  const { low, high } = fit;
  for (let i = 0; i < display.length; i++) {
    display[i] = high > low ? (Math.min(high, Math.max(low, display[i]!)) - low) / (high - low) : 0.5;
  }
  return { image: applyLuminanceRatio(image, luma, display), flags: negativeFlags('luminance', clamped) };
}

/**
 * Kim and Kautz 2008, "Consistent tone reproduction", as HDR Toolbox's KimKautzConsistentTMO: log-luminance
 * compression that is weaker near the mean (Gaussian weight of width (lmax - lmin) / c1), scaled by c2,
 * then the 1st-99th percentile range of the result mapped to [0, 1].
 *
 * Negative luminance (a few pixels of real files, from colour conversions) is taken as 0 in the statistics
 * and the curve, so those pixels come out black, flagged `negative-luminance-clamped:N` (N pixels); a
 * negative channel of a pixel of positive luminance keeps its ratio (out-of-gamut colour, clipped by the
 * display encoding). NaN and infinities are refused by `toneMap` (NonFiniteSampleError). Zero luminance is
 * log(1e-6) in the statistics and black in the output. Degenerate statistics stay finite: a
 * flat image maps to 0.5, and coinciding percentiles fall back to the full range (see normalisationRange).
 * Extremes up to float32's maximum only widen the log range.
 */
export const kimkautz08 = defineToneMapOperator({
  id: 'kimkautz08',
  version: '2',
  describe: 'Kim & Kautz 2008 consistent tone reproduction (HDR Toolbox KimKautzConsistentTMO)',
  inputDomain: 'linear scene-referred HDR, any positive scale',
  outputRange: 'display-linear [0, 1] (apply gamma before display or metrics)',
  encoded: false,
  params: {
    c1: { type: 'number', default: 3, min: 1e-6, describe: 'KK_c1: width of the mean-preserving window' },
    c2: { type: 'number', default: 0.5, min: 1e-6, describe: 'KK_c2: overall compression' },
    displayMax: { type: 'number', default: 300, min: 1e-6, describe: 'display peak, cd/m2' },
    displayMin: { type: 'number', default: 0.3, min: 1e-9, describe: 'display black, cd/m2' },
  },
  fit: (image, params) => ({ ...fitKimKautz(image, params) }),
  apply: (image, params, statistics) => kimKautz(image, params, (statistics as KimKautzFit | undefined) ?? fitKimKautz(image, params)),
});
