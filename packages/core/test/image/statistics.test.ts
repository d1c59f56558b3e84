import { describe, expect, it } from 'vitest';
import { createHdrImage } from '../../src/image/hdr-image.js';
import { luminanceStatistics, median, percentile } from '../../src/image/statistics.js';
import { seededRng } from '../support/mutate.js';

function sortedMedian(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

describe('median', () => {
  it('takes the middle value of an odd count', () => {
    expect(median(Float32Array.from([5, 1, 4, 2, 3]))).toBe(3);
    expect(median(Float32Array.from([7]))).toBe(7);
  });

  it('averages the two middle values of an even count', () => {
    expect(median(Float32Array.from([4, 1, 3, 2]))).toBe(2.5);
    expect(median(Float32Array.from([10, -10]))).toBe(0);
  });

  it('skips NaN and infinities, and is NaN when nothing finite is left', () => {
    expect(median(Float32Array.from([NaN, 1, Infinity, 3, -Infinity, 2]))).toBe(2);
    expect(median(Float32Array.from([NaN, 1, 2, NaN]))).toBe(1.5);
    expect(median(Float32Array.from([NaN, Infinity]))).toBeNaN();
    expect(median(new Float32Array(0))).toBeNaN();
  });

  it('does not reorder its input', () => {
    const values = Float32Array.from([3, 1, 2]);
    median(values);
    expect(Array.from(values)).toEqual([3, 1, 2]);
  });

  it('agrees with sorting on random, sorted, reversed and duplicate-heavy arrays', () => {
    const rng = seededRng(7);
    const cases: number[][] = [];
    for (const n of [2, 3, 10, 101, 1000, 4097]) {
      const random = Array.from({ length: n }, () => Math.fround(rng() * 100 - 50));
      cases.push(random, [...random].sort((a, b) => a - b), [...random].sort((a, b) => b - a));
      cases.push(Array.from({ length: n }, () => Math.floor(rng() * 3)));
    }
    for (const values of cases) expect(median(Float32Array.from(values))).toBe(sortedMedian(values));
  });
});

describe('percentile', () => {
  it('interpolates between closest ranks like NumPy', () => {
    const values = Float32Array.from([1, 2, 3, 4, 5]);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(5);
    expect(percentile(values, 25)).toBe(2);
    expect(percentile(values, 10)).toBeCloseTo(1.4, 12);
    expect(percentile(Float32Array.from([0, 10]), 99.5)).toBeCloseTo(9.95, 12);
  });

  it('rejects percentiles outside [0, 100]', () => {
    expect(() => percentile(Float32Array.from([1]), 101)).toThrow(RangeError);
    expect(() => percentile(Float32Array.from([1]), NaN)).toThrow(RangeError);
  });
});

describe('luminanceStatistics', () => {
  it('measures a known grey ramp: 1/1024 .. 1 is 10 stops', () => {
    const values = Float32Array.from({ length: 11 }, (_, i) => 2 ** (i - 10));
    const stats = luminanceStatistics(createHdrImage(11, 1, 1, values), { lowPercentile: 10, highPercentile: 90 });
    expect(stats.min).toBe(2 ** -10);
    expect(stats.max).toBe(1);
    expect(stats.median).toBe(2 ** -5);
    expect(stats.dynamicRangeStops).toBe(10);
    expect(stats.percentileDynamicRangeStops).toBeCloseTo(8, 12);
    expect(stats.finiteCount).toBe(11);
    expect(stats.positiveCount).toBe(11);
  });

  it('measures RGB through BT.709 luminance and ignores zeros, negatives and non-finite pixels for range', () => {
    const data = Float32Array.from([
      ...[1, 1, 1],
      ...[4, 4, 4],
      ...[0, 0, 0],
      ...[-1, -1, -1],
      ...[NaN, 0, 0],
      ...[Infinity, 1, 1],
      ...[0.25, 0.25, 0.25],
    ]);
    const stats = luminanceStatistics(createHdrImage(7, 1, 3, data));
    expect(stats.nonFiniteCount).toBe(2);
    expect(stats.finiteCount).toBe(5);
    expect(stats.positiveCount).toBe(3);
    expect(stats.min).toBeCloseTo(-1, 6);
    expect(stats.max).toBeCloseTo(4, 6);
    expect(stats.median).toBeCloseTo(0.25, 6);
    expect(stats.dynamicRangeStops).toBeCloseTo(4, 5);
    expect(stats.lowPercentile).toBe(0.5);
    expect(stats.highPercentile).toBe(99.5);
  });

  it('agrees with sorted percentiles for any pair, including nearly equal ones', () => {
    const rng = seededRng(3);
    const values = Array.from({ length: 1001 }, () => Math.fround(0.001 + rng() ** 4 * 100));
    const sorted = [...values].sort((a, b) => a - b);
    const at = (p: number) => {
      const rank = (p / 100) * (sorted.length - 1);
      const lower = Math.floor(rank);
      return sorted[lower] + (rank - lower) * ((sorted[lower + 1] ?? sorted[lower]) - sorted[lower]);
    };
    const image = createHdrImage(1001, 1, 1, Float32Array.from(values));
    for (const [low, high] of [[0.5, 99.5], [10, 90], [50, 50.01], [50.001, 50.002], [0, 100]]) {
      const stats = luminanceStatistics(image, { lowPercentile: low, highPercentile: high });
      expect(stats.percentileDynamicRangeStops).toBeCloseTo(Math.log2(at(high) / at(low)), 10);
      expect(stats.median).toBe(sorted[500]);
    }
  });

  it('reports NaN ranges for an all-black image instead of throwing', () => {
    const stats = luminanceStatistics(createHdrImage(2, 2, 1));
    expect(stats.median).toBe(0);
    expect(stats.dynamicRangeStops).toBeNaN();
    expect(stats.percentileDynamicRangeStops).toBeNaN();
  });

  it('validates the percentile options', () => {
    const image = createHdrImage(1, 1, 1);
    expect(() => luminanceStatistics(image, { lowPercentile: 50, highPercentile: 50 })).toThrow(RangeError);
    expect(() => luminanceStatistics(image, { highPercentile: 120 })).toThrow(/highPercentile/);
  });
});
