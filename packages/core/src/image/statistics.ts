import type { HdrImage } from './hdr-image.js';
import { luminance } from './luminance.js';

/**
 * Order statistics over luminance. NaN and +/-Infinity are never ranked: medians and percentiles are taken
 * over the finite samples only, and dynamic range over the finite samples that are also > 0 (log2 of zero or
 * a negative value means nothing). When nothing qualifies the result is NaN rather than an exception, so a
 * batch report can show it and move on.
 */

export interface DynamicRangeOptions {
  /** Percentile (0..100) taken as the darkest level for {@link LuminanceStatistics.percentileDynamicRangeStops}; default 0.5. */
  lowPercentile?: number;
  /** Percentile (0..100) taken as the brightest level; default 99.5. */
  highPercentile?: number;
}

export interface LuminanceStatistics {
  /** Pixels whose luminance is finite (the population of min, max, median). */
  readonly finiteCount: number;
  /** Pixels whose luminance is NaN or infinite. */
  readonly nonFiniteCount: number;
  /** Finite pixels with luminance > 0 (the population of the dynamic ranges). */
  readonly positiveCount: number;
  readonly min: number;
  readonly max: number;
  readonly median: number;
  /** log2(max / min) over positive finite luminance: sensitive to single hot or near-black pixels. */
  readonly dynamicRangeStops: number;
  /** log2(high / low percentile) over positive finite luminance: robust to outliers. */
  readonly percentileDynamicRangeStops: number;
  readonly lowPercentile: number;
  readonly highPercentile: number;
}

/** Luminance min / max / median and dynamic range in stops of a linear image (alpha ignored). */
export function luminanceStatistics(image: HdrImage, options: DynamicRangeOptions = {}): LuminanceStatistics {
  const lowPercentile = options.lowPercentile ?? 0.5;
  const highPercentile = options.highPercentile ?? 99.5;
  checkPercentile(lowPercentile, 'lowPercentile');
  checkPercentile(highPercentile, 'highPercentile');
  if (lowPercentile >= highPercentile) {
    throw new RangeError(`lowPercentile (${lowPercentile}) must be below highPercentile (${highPercentile})`);
  }
  const lum = luminance(image);
  const finite = finiteValues(lum);
  const positive = finiteValues(finite, true);
  let min = Infinity;
  let max = -Infinity;
  let positiveMin = Infinity;
  for (let i = 0; i < finite.length; i++) {
    const value = finite[i];
    if (value < min) min = value;
    if (value > max) max = value;
    if (value > 0 && value < positiveMin) positiveMin = value;
  }
  const [low, high] = percentilesInPlace(positive, [lowPercentile, highPercentile]);
  const hasFinite = finite.length > 0;
  const hasPositive = positive.length > 0;
  return {
    finiteCount: finite.length,
    nonFiniteCount: lum.length - finite.length,
    positiveCount: positive.length,
    min: hasFinite ? min : NaN,
    max: hasFinite ? max : NaN,
    median: percentileInPlace(finite, 50),
    dynamicRangeStops: hasPositive ? Math.log2(max / positiveMin) : NaN,
    percentileDynamicRangeStops: hasPositive ? Math.log2(high / low) : NaN,
    lowPercentile,
    highPercentile,
  };
}

/** Median of the finite values (mean of the two middle ones for an even count); NaN if there are none. */
export function median(values: Float32Array): number {
  return percentileInPlace(finiteValues(values), 50);
}

/**
 * Percentile `p` (0..100) of the finite values, interpolating linearly between closest ranks (NumPy's
 * default): rank = p / 100 * (n - 1). NaN if there are no finite values.
 */
export function percentile(values: Float32Array, p: number): number {
  checkPercentile(p, 'percentile');
  return percentileInPlace(finiteValues(values), p);
}

function checkPercentile(p: number, name: string): void {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`${name} must be in [0, 100], got ${p}`);
}

/** A compact copy of the finite values (or only those above 0); the input is never reordered. */
function finiteValues(values: Float32Array, positiveOnly = false): Float32Array {
  const out = new Float32Array(values.length);
  const floor = positiveOnly ? 0 : -Infinity;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value > floor && value < Infinity) out[n++] = value;
  }
  return n === out.length ? out : out.slice(0, n);
}

/**
 * Percentiles of finite values, reordering `values` (selection, not a sort: linear time on average). Taken
 * from the highest down: once rank k is in place everything left of it is <= it, so each lower rank is
 * selected within that shrinking prefix.
 */
function percentilesInPlace(values: Float32Array, ps: readonly number[]): number[] {
  const n = values.length;
  const results = new Array<number>(ps.length).fill(NaN);
  if (n === 0) return results;
  const order = ps.map((_, i) => i).sort((a, b) => ps[b] - ps[a]);
  let right = n - 1;
  for (const index of order) {
    const rank = (ps[index] / 100) * (n - 1);
    const lower = Math.floor(rank);
    const fraction = rank - lower;
    const low = selectInPlace(values, lower, right);
    let value = low;
    if (fraction > 0) {
      // Everything right of `lower` is >= it, and beyond the bound larger still, so the next order
      // statistic is the minimum up to the bound (or of the whole tail when the bound is `lower` itself).
      const end = lower < right ? right : n - 1;
      let next = Infinity;
      for (let i = lower + 1; i <= end; i++) if (values[i] < next) next = values[i];
      value = low + fraction * (next - low);
    }
    results[index] = value;
    right = lower;
  }
  return results;
}

function percentileInPlace(values: Float32Array, p: number): number {
  return percentilesInPlace(values, [p])[0];
}

/**
 * Moves the k-th smallest value of values[0..right] to index k, smaller-or-equal ones before it and
 * greater-or-equal ones after (Hoare partitioning around a median-of-three pivot, which copes with sorted
 * input and runs of duplicates).
 */
function selectInPlace(values: Float32Array, k: number, right: number): number {
  let left = 0;
  while (right > left) {
    const middle = (left + right) >>> 1;
    const a = values[left];
    const b = values[middle];
    const c = values[right];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k];
  }
  return values[k];
}
