import { describe, expect, it } from 'vitest';
import { createHdrImage } from '../../src/image/hdr-image.js';
import { DEFAULT_RANGE_LEVELS, rangeLevel } from '../../src/image/range-levels.js';

const grey = (...values: number[]) => createHdrImage(values.length, 1, 1, Float32Array.from(values));

describe('range-wise levels', () => {
  it('cover exactly the value ranges of the seed table: level k spans 2^-k (code 1) to 2^(8-k) (code 255)', () => {
    const table: Record<number, [number, number]> = { 3: [-3, 5], 4: [-4, 4], 5: [-5, 3], 6: [-6, 2], 7: [-7, 1], 8: [-8, 0] };
    expect([...DEFAULT_RANGE_LEVELS]).toEqual([3, 4, 5, 6, 7, 8]);
    for (const k of DEFAULT_RANGE_LEVELS) {
      const [low, high] = table[k]!;
      const codes = rangeLevel(grey(2 ** low, 255 * 2 ** -k, 2 ** high, 254.4 * 2 ** -k, 0.49 * 2 ** low, 0.5 * 2 ** low), k);
      expect([...codes]).toEqual([1, 255, 255, 254, 0, 1]);
    }
  });

  it('rounds half up by default, floors on request, clips negatives to 0, and drops alpha', () => {
    const rgba = createHdrImage(1, 1, 4, Float32Array.of(1.5 / 8, 1.99 / 8, -3, 0.7));
    expect([...rangeLevel(rgba, 3)]).toEqual([2, 2, 0]);
    expect([...rangeLevel(rgba, 3, 'floor')]).toEqual([1, 1, 0]);
    expect(() => rangeLevel(rgba, 3.5)).toThrow('range level must be an integer exponent, got 3.5');
  });
});
