import { describe, expect, it } from 'vitest';
import { createRandom, poisson } from '../../src/random/index.js';

function moments(lambda: number, n: number, seed: number): { mean: number; variance: number; counts: Map<number, number> } {
  const random = createRandom(seed);
  const counts = new Map<number, number>();
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const k = poisson(random, lambda);
    sum += k;
    sumSquares += k * k;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const mean = sum / n;
  return { mean, variance: sumSquares / n - mean * mean, counts };
}

function pmf(lambda: number, k: number): number {
  let logFactorial = 0;
  for (let i = 2; i <= k; i++) logFactorial += Math.log(i);
  return Math.exp(-lambda + k * Math.log(lambda) - logFactorial);
}

describe('Poisson counts', () => {
  it.each([0.5, 3, 9.99, 10, 37.5, 1000, 100000])('have mean and variance lambda = %s', (lambda) => {
    const n = 40000;
    const { mean, variance } = moments(lambda, n, Math.round(lambda * 100));
    expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
    // The sample variance of a Poisson count has standard error about lambda * sqrt(2 / n) for large lambda.
    expect(Math.abs(variance / lambda - 1)).toBeLessThan(5 * Math.sqrt(2 / n) + 5 / Math.sqrt(n * lambda));
  });

  it('follow the exact probabilities on both sides of the method switch (total variation < 0.01)', () => {
    for (const lambda of [4.2, 15]) {
      const n = 100000;
      const { counts } = moments(lambda, n, 77);
      let distance = 0;
      for (let k = 0; k < 80; k++) distance += Math.abs((counts.get(k) ?? 0) / n - pmf(lambda, k));
      expect(distance / 2).toBeLessThan(0.01);
    }
  });

  it('are 0 for a mean of 0, repeat for a seed, and refuse a negative or infinite mean', () => {
    expect(poisson(createRandom(1), 0)).toBe(0);
    const a = createRandom(5);
    const b = createRandom(5);
    expect(Array.from({ length: 100 }, () => poisson(a, 250))).toEqual(Array.from({ length: 100 }, () => poisson(b, 250)));
    expect(poisson(createRandom(3), 4.2)).toBe(4);
    expect(poisson(createRandom(3), 250)).toBe(214);
    expect(() => poisson(createRandom(1), -1)).toThrow('poisson needs a finite mean >= 0, got -1');
    expect(() => poisson(createRandom(1), Infinity)).toThrow('poisson needs a finite mean >= 0');
  });
});
