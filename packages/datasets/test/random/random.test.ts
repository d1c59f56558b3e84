import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../../src/random/index.js';

const draw = (random: Random, count: number) => Array.from({ length: count }, () => random.uniform());

function correlation(a: number[], b: number[]): number {
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('seeded random streams', () => {
  it('pins the first values of a seed, so a change of generator or seeding cannot pass unnoticed', () => {
    expect(draw(createRandom(42), 3)).toEqual([0.9295105339369695, 0.12556165906529715, 0.047428827787417194]);
    const random = createRandom(42);
    expect(random.normal()).toBe(1.622828467216995);
    expect(random.int(1, 6)).toBe(1);
    expect(random.derive('noise').uniform()).toBe(0.9115879521205538);
    expect(createRandom('dataset/sample-0001').uniform()).toBe(0.8360346766149661);
    expect(createRandom(42).derive('a').derive('b').uniform()).toBe(0.32891538797098496);
  });

  it('repeats the same sequence for the same seed and differs for another seed', () => {
    expect(draw(createRandom(1234), 1000)).toEqual(draw(createRandom(1234), 1000));
    expect(draw(createRandom(1234), 5)).not.toEqual(draw(createRandom(1235), 5));
    expect(draw(createRandom(7), 5)).not.toEqual(draw(createRandom('7'), 5));
    expect(createRandom(5).path).toEqual(['5']);
    expect(createRandom(5).derive('bracket#0').derive(3).path).toEqual(['5', 'bracket#0', '3']);
  });

  it('derives a child by key without touching the parent, whatever the parent drew before', () => {
    const fresh = createRandom(9);
    const used = createRandom(9);
    draw(used, 17);
    expect(draw(fresh.derive('camera'), 50)).toEqual(draw(used.derive('camera'), 50));
    const parent = createRandom(9);
    parent.derive('camera');
    expect(draw(parent, 10)).toEqual(draw(createRandom(9), 10));
  });

  it('gives different keys uncorrelated streams (|r| < 0.03 over 20 000 pairs), and a path is not a flat string', () => {
    const root = createRandom(2024);
    const a = draw(root.derive('noise'), 20000);
    const b = draw(root.derive('noisf'), 20000);
    const c = draw(root.derive('bracket'), 20000);
    expect(Math.abs(correlation(a, b))).toBeLessThan(0.03);
    expect(Math.abs(correlation(a, c))).toBeLessThan(0.03);
    expect(Math.abs(correlation(a, draw(root, 20000)))).toBeLessThan(0.03);
    expect(draw(root.derive('a').derive('b'), 3)).not.toEqual(draw(root.derive('b').derive('a'), 3));
    expect(draw(root.derive('a/b'), 3)).not.toEqual(draw(root.derive('a').derive('b'), 3));
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const values = draw(createRandom(11), 100000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / values.length));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    const random = createRandom(12);
    for (let i = 0; i < 1000; i++) {
      const value = random.uniformIn(-3, 5);
      expect(value).toBeGreaterThanOrEqual(-3);
      expect(value).toBeLessThan(5);
    }
  });

  it('draws integers over the whole inclusive range with equal frequency (chi-square, 5 degrees of freedom)', () => {
    const random = createRandom(13);
    const counts = new Array<number>(6).fill(0);
    const n = 60000;
    for (let i = 0; i < n; i++) counts[random.int(1, 6) - 1]!++;
    const chiSquare = counts.reduce((sum, count) => sum + (count - n / 6) ** 2 / (n / 6), 0);
    expect(chiSquare).toBeLessThan(20.5);
    expect(createRandom(1).int(4, 4)).toBe(4);
  });

  it('draws normals (Box-Muller) with the requested mean and standard deviation and normal tails', () => {
    const random = createRandom(14);
    const n = 100000;
    const values = Array.from({ length: n }, () => random.normal(3, 2));
    const mean = values.reduce((sum, v) => sum + v, 0) / n;
    const std = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / n);
    expect(Math.abs(mean - 3)).toBeLessThan(5 * (2 / Math.sqrt(n)));
    expect(Math.abs(std - 2)).toBeLessThan(0.02);
    const beyondTwoSigma = values.filter((v) => Math.abs(v - 3) > 4).length / n;
    expect(Math.abs(beyondTwoSigma - 0.0455)).toBeLessThan(0.004);
  });

  it('refuses arguments that have no meaning, naming them', () => {
    expect(() => createRandom(1.5)).toThrow('a numeric seed must be a safe integer, got 1.5');
    expect(() => createRandom(1).int(3, 2)).toThrow('int needs safe integers from <= to, got [3, 2]');
    expect(() => createRandom(1).uniformIn(2, 1)).toThrow('uniformIn needs finite low <= high');
    expect(() => createRandom(1).normal(0, -1)).toThrow('normal needs a finite mean and std >= 0');
    expect(() => createRandom(1).derive('')).toThrow('derive needs a non-empty key');
  });
});
