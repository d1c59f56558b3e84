import type { HdrImage } from '../image/hdr-image.js';
import { luminance } from '../image/luminance.js';
import { applyLuminanceRatio, clampNegativeLuminance } from './luminance-ratio.js';
import { defineToneMapOperator, negativeFlags, type ToneMapOutput } from './operator.js';
import { sortedIndexPercentile } from './percentile-index.js';

type Variant = 'pfstmo' | 'hdrtoolbox2019' | 'hdrtoolbox2023';

/**
 * pfs converts RGB to XYZ with this Y row (sRGB primaries, D65, as pfs rounds them); matching pfstmo to
 * float precision needs it: the rounded BT.709 weights move the output by up to 2e-4 of its range.
 */
const PFS_LUMINANCE = [0.212656, 0.715158, 0.072186] as const;

/** What the curve is fitted to: L = key / logAverage * Y and Ld = L (1 + L / white^2) / (1 + L). */
interface ReinhardFit {
  readonly logAverage: number;
  readonly key: number;
  readonly white: number;
}

function logAverage(values: Float32Array, delta: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.log(delta + values[i]!);
  return Math.exp(sum / values.length);
}

function maximum(values: Float32Array): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

/**
 * HDR Toolbox's ReinhardTMO with no arguments estimates key and white point from the luminance range.
 * 2019 import: 1st/99th percentiles with a 1e-9 offset for both. 2023 code: percentiles with a 1e-6
 * offset for the key, min/max of the positive luminance with a 1e-6 offset for the white point.
 * The key's exponent is limited to [-1, 1] (a log-average beyond the percentiles counts as at them) and is
 * 0 when the percentiles coincide: on a (nearly) flat image HDR Toolbox divides by zero or sends the key to
 * 0 or infinity; the limit never binds on images whose log-average lies between the percentiles.
 */
function hdrToolboxEstimates(luma: Float32Array, logAvg: number, variant: 'hdrtoolbox2019' | 'hdrtoolbox2023'): ReinhardFit {
  const sorted = Float32Array.from(luma).sort();
  const offset = variant === 'hdrtoolbox2019' ? 1e-9 : 1e-6;
  const low = Math.log2(sortedIndexPercentile(sorted, 0.01) + offset);
  const high = Math.log2(sortedIndexPercentile(sorted, 0.99) + offset);
  const exponent = high > low ? Math.min(1, Math.max(-1, (2 * Math.log2(logAvg) - low - high) / (high - low))) : 0;
  const key = 0.18 * Math.pow(4, exponent);
  let whiteLow = low;
  let whiteHigh = high;
  const positive = variant === 'hdrtoolbox2023' ? sorted.filter((value) => value > 0) : undefined;
  if (positive && positive.length > 0) {
    whiteLow = Math.log2(positive[0]! + 1e-6);
    whiteHigh = Math.log2(positive[positive.length - 1]! + 1e-6);
  }
  const white = 1.5 * Math.pow(2, whiteHigh - whiteLow - 5);
  return { logAverage: logAvg, key, white };
}

/** The luminance the curve works on, negative values taken as 0 and counted. */
function reinhardLuminance(image: HdrImage, variant: Variant): { luma: Float32Array; clamped: number } {
  const luma = variant === 'pfstmo' ? luminance(image, PFS_LUMINANCE) : luminance(image);
  return { luma, clamped: clampNegativeLuminance(luma) };
}

function fitReinhard(image: HdrImage, variant: Variant, key: number): ReinhardFit {
  const { luma } = reinhardLuminance(image, variant);
  const logAvg = logAverage(luma, variant === 'pfstmo' ? 1e-5 : 1e-6);
  if (variant !== 'pfstmo') return hdrToolboxEstimates(luma, logAvg, variant);
  return { logAverage: logAvg, key, white: (key / logAvg) * maximum(luma) };
}

/**
 * Ld = L (1 + L / Lwhite^2) / (1 + L). A zero white point (statistics fitted to a black image) puts every
 * positive L at or above white, so it burns out to 1 instead of dividing by zero.
 */
function reinhardCurve(l: number, whiteSquared: number): number {
  if (l === 0) return 0;
  return whiteSquared > 0 ? (l * (1 + l / whiteSquared)) / (1 + l) : 1;
}

function reinhard(image: HdrImage, variant: Variant, { logAverage: logAvg, key, white }: ReinhardFit): ToneMapOutput {
  const { luma, clamped } = reinhardLuminance(image, variant);
  const whiteSquared = white * white;
  const display = new Float64Array(luma.length);
  for (let i = 0; i < luma.length; i++) display[i] = reinhardCurve((key / logAvg) * luma[i]!, whiteSquared);
  return { image: applyLuminanceRatio(image, luma, display), flags: negativeFlags('luminance', clamped) };
}

/**
 * Reinhard, Stark, Shirley and Ferwerda 2002, global photographic operator: log-average luminance
 * (delta 1e-5 for pfstmo, 1e-6 for HDR Toolbox), scaled luminance L = a / Lavg * Y, display luminance
 * L (1 + L / Lwhite^2) / (1 + L), colour by ratio. The pfstmo variant (default, with an exact Debian
 * reference) uses a = `key` and Lwhite = max(L); the HDR Toolbox variants estimate both.
 *
 * Negative luminance (a few pixels of real files, from colour conversions) is taken as 0 in the statistics
 * and the curve, so those pixels come out black, flagged `negative-luminance-clamped:N` (N pixels); a
 * negative channel of a pixel of positive luminance keeps its ratio (out-of-gamut colour, clipped by the
 * display encoding). NaN and infinities are refused by `toneMap` (NonFiniteSampleError). Zero luminance
 * maps to black (the delta keeps the log-average finite); an all-black image stays black. A flat
 * or nearly flat image keeps a finite key (see hdrToolboxEstimates). The HDR Toolbox variants do not
 * clip: an extreme outlier far above their estimated white point can exceed float range, which `toneMap`
 * reports as a NonFiniteSampleError on the output.
 */
export const reinhard02 = defineToneMapOperator({
  id: 'reinhard02',
  version: '2',
  describe: 'Reinhard et al. 2002 global photographic operator (pfstmo_reinhard02 by default)',
  inputDomain: 'linear scene-referred HDR, any positive scale',
  outputRange: 'display-linear, [0, 1] for the pfstmo variant (apply gamma before display or metrics)',
  encoded: false,
  params: {
    variant: {
      type: 'choice',
      default: 'pfstmo',
      choices: ['pfstmo', 'hdrtoolbox2019', 'hdrtoolbox2023'],
      describe: 'pfstmo: a = key, Lwhite = max(L); hdrtoolbox*: key and white point estimated as HDR Toolbox does',
    },
    key: { type: 'number', default: 0.18, min: 1e-6, max: 10, describe: 'key value a (pfstmo variant)' },
  },
  fit: (image, params) => ({ ...fitReinhard(image, params.variant as Variant, params.key) }),
  apply: (image, params, statistics) =>
    reinhard(image, params.variant as Variant, (statistics as ReinhardFit | undefined) ?? fitReinhard(image, params.variant as Variant, params.key)),
});
