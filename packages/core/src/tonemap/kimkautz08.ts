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

function kimKautz(image: HdrImage, { c1, c2, displayMax, displayMin }: KimKautzParams): HdrImage {
  const luma = luminance(image);
  const n = luma.length;
  const logLuma = new Float64Array(n);
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const value = Math.log(luma[i]! + 1e-6);
    logLuma[i] = value;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const mean = sum / n;
  const k1 = (Math.log(displayMax) - Math.log(displayMin)) / (max - min);
  const sigma = (max - min) / c1;
  const display = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const centred = logLuma[i]! - mean;
    const weight = Math.exp(-(centred * centred) / (2 * sigma * sigma));
    const k2 = (1 - k1) * weight + k1;
    display[i] = Math.exp(c2 * k2 * centred + mean);
  }
  const sorted = Float64Array.from(display).sort();
  const low = sortedIndexPercentile(sorted, 0.01);
  const high = sortedIndexPercentile(sorted, 0.99);
  for (let i = 0; i < n; i++) display[i] = (Math.min(high, Math.max(low, display[i]!)) - low) / (high - low);
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
  params: {
    c1: { type: 'number', default: 3, min: 1e-6, describe: 'KK_c1: width of the mean-preserving window' },
    c2: { type: 'number', default: 0.5, min: 1e-6, describe: 'KK_c2: overall compression' },
    displayMax: { type: 'number', default: 300, min: 1e-6, describe: 'display peak, cd/m2' },
    displayMin: { type: 'number', default: 0.3, min: 1e-9, describe: 'display black, cd/m2' },
  },
  apply: (image, params) => kimKautz(image, params),
});
