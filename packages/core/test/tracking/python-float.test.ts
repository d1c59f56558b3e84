import { describe, expect, it } from 'vitest';
import { formatPythonFloat } from '../../src/tracking/python-float.js';

describe('formatPythonFloat', () => {
  // Each right-hand side is what CPython's repr(float) prints for the left-hand side.
  const cases: [number, string][] = [
    [1, '1.0'],
    [0.5, '0.5'],
    [1 / 3, '0.3333333333333333'],
    [30.5, '30.5'],
    [2e-5, '2e-05'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1.5e-7, '1.5e-07'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [12345678901234567, '1.2345678901234568e+16'],
    [1e22, '1e+22'],
    [0.1 + 0.2, '0.30000000000000004'],
    [-2.5, '-2.5'],
    [-0, '-0.0'],
    [0, '0.0'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [123456.789, '123456.789'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ];
  it.each(cases)('formats %s as Python does', (value, expected) => {
    expect(formatPythonFloat(value)).toBe(expected);
  });
});
