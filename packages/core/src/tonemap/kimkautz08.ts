import type { HdrImage } from '../image/hdr-image.js';
import { luminance } from '../image/luminance.js';
import { applyLuminanceRatio } from './luminance-ratio.js';
import { defineToneMapOperator } from './operator.js';
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

function compress(logLuma: Float64Array, { c1, c2, displayMax, displayMin }: KimKautzParams, fit: Omit<KimKautzFit, 'low' | 'high'>): Float64Array {
  const { mean, logMin, logMax } = fit;
  const k1 = (Math.log(displayMax) - Math.log(displayMin)) / (logMax - logMin);
  const sigma = (logMax - logMin) / c1;
  const display = new Float64Array(logLuma.length);
  for (let i = 0; i < logLuma.length; i++) {
    const centred = logLuma[i]! - mean;
    const weight = Math.exp(-(centred * centred) / (2 * sigma * sigma));
    const k2 = (1 - k1) * weight + k1;
    display[i] = Math.exp(c2 * k2 * centred + mean);
  }
  return display;
}

function fitKimKautz(image: HdrImage, params: KimKautzParams): KimKautzFit {
  const logLuma = logLuminance(luminance(image));
  let sum = 0;
  let logMin = Infinity;
  let logMax = -Infinity;
  for (const value of logLuma) {
    sum += value;
    if (value < logMin) logMin = value;
    if (value > logMax) logMax = value;
  }
  const range = { mean: sum / logLuma.length, logMin, logMax };
  const sorted = compress(logLuma, params, range).sort();
  return { ...range, low: sortedIndexPercentile(sorted, 0.01), high: sortedIndexPercentile(sorted, 0.99) };
}

function kimKautz(image: HdrImage, params: KimKautzParams, fit: KimKautzFit): HdrImage {
  const luma = luminance(image);
  const display = compress(logLuminance(luma), params, fit);
  const { low, high } = fit;
  for (let i = 0; i < display.length; i++) display[i] = (Math.min(high, Math.max(low, display[i]!)) - low) / (high - low);
  return applyLuminanceRatio(image, luma, display);
}

/**
 * Kim and Kautz 2008, "Consistent tone reproduction", as HDR Toolbox's KimKautzConsistentTMO: log-luminance
 * compression that is weaker near the mean (Gaussian weight of width (lmax - lmin) / c1), scaled by c2,
 * then the 1st-99th percentile range of the result mapped to [0, 1].
 */
export const kimkautz08 = defineToneMapOperator({
  id: 'kimkautz08',
  version: '1',
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
