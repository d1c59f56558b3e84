import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/random/index.js';
import {
  gammaCurve,
  linearCurve,
  loadCurveFile,
  resolveCurve,
  sampledCurve,
  sigmoidCurve,
  srgbCurve,
  type CameraCurve,
} from '../../src/synth/index.js';

const grid = Array.from({ length: 1001 }, (_, i) => i / 1000);

function expectInverse(curve: CameraCurve, tolerance: number): void {
  let worst = 0;
  let previous = -Infinity;
  for (const x of grid) {
    const y = curve.encode(x);
    expect(y).toBeGreaterThanOrEqual(previous);
    previous = y;
    worst = Math.max(worst, Math.abs(curve.decode(y) - x));
  }
  expect(worst).toBeLessThan(tolerance);
  expect(curve.encode(0)).toBe(0);
  expect(curve.encode(-0.5)).toBe(0);
  expect(curve.encode(1)).toBeCloseTo(1, 14);
  expect(curve.encode(7)).toBe(curve.encode(1));
}

describe('camera curves', () => {
  it('linear is the identity on [0, 1] and clamps outside', () => {
    expect([0.25, 0.5, 1].map(linearCurve.encode)).toEqual([0.25, 0.5, 1]);
    expectInverse(linearCurve, 1e-15);
  });

  it('gamma encodes x^(1/gamma): 0.5 -> 0.72974 for gamma 2.2, and decodes back', () => {
    expect(gammaCurve(2.2).encode(0.5)).toBeCloseTo(0.7297400528407231, 14);
    expect(gammaCurve(2.2).decode(0.7297400528407231)).toBeCloseTo(0.5, 14);
    expect(gammaCurve(2.24).record).toEqual({ curve: 'gamma', gamma: 2.24 });
    expectInverse(gammaCurve(2.2), 1e-12);
    expect(() => gammaCurve(0)).toThrow('gamma must be a positive number, got 0');
  });

  it('sRGB is IEC 61966-2-1: 0.18 -> 0.461356, the 0.0031308 knee -> 0.04045, and decodes back', () => {
    expect(srgbCurve.encode(0.18)).toBeCloseTo(0.46135612950044164, 14);
    expect(srgbCurve.encode(0.0031308)).toBeCloseTo(0.04045, 6);
    expect(srgbCurve.decode(0.04045)).toBeCloseTo(0.0031308, 6);
    expectInverse(srgbCurve, 1e-12);
  });

  it("sigmoid is HDR-CNN's (1 + sigma) x^n / (x^n + sigma) with its inverse", () => {
    expect(sigmoidCurve(0.9, 0.6).encode(0.5)).toBeCloseTo(0.7548453084505882, 14);
    expect(sigmoidCurve(1.4, 2).encode(0.25)).toBeCloseTo(0.2009537396747627, 14);
    expect(sigmoidCurve(1.4, 2).decode(0.2009537396747627)).toBeCloseTo(0.25, 13);
    expectInverse(sigmoidCurve(0.9, 0.6), 1e-12);
    expectInverse(sigmoidCurve(2.5, 5), 1e-12);
    expect(() => sigmoidCurve(1, 0)).toThrow('sigmoid sigma must be a positive number, got 0');
  });

  it('sigmoid-random draws n and sigma per sample from normals, clamped, the same for the same seed', () => {
    const spec = { curve: 'sigmoid-random', nMean: 0.9, nStd: 0.1, sigmaMean: 0.6, sigmaStd: 0.1 } as const;
    const drawn = Array.from({ length: 2000 }, (_, i) => resolveCurve(spec, createRandom(i)).record);
    const ns = drawn.map((record) => record.n as number);
    const sigmas = drawn.map((record) => record.sigma as number);
    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    expect(Math.abs(mean(ns) - 0.9)).toBeLessThan(0.01);
    expect(Math.abs(mean(sigmas) - 0.6)).toBeLessThan(0.01);
    expect(resolveCurve(spec, createRandom(5)).record).toEqual(resolveCurve(spec, createRandom(5)).record);
    const wide = { ...spec, nStd: 10, sigmaStd: 10 };
    for (let i = 0; i < 200; i++) {
      const { n, sigma } = resolveCurve(wide, createRandom(i)).record as { n: number; sigma: number };
      expect(n).toBeGreaterThanOrEqual(0.2);
      expect(n).toBeLessThanOrEqual(2.5);
      expect(sigma).toBeGreaterThanOrEqual(0.01);
      expect(sigma).toBeLessThanOrEqual(5);
    }
  });
});

describe('curves from a file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'hdr-lab-curves-'));
  const write = (name: string, text: string) => {
    const file = join(folder, name);
    writeFileSync(file, text);
    return file;
  };
  const gammaSamples = Array.from({ length: 256 }, (_, i) => Math.pow(i / 255, 1 / 2.2));

  it('reads 256 samples from CSV (comments, commas, newlines) and hits every sample exactly', () => {
    const lines = ['# gamma 2.2 response, 256 samples', ...Array.from({ length: 32 }, (_, row) => gammaSamples.slice(row * 8, row * 8 + 8).join(', '))];
    const loaded = loadCurveFile(write('gamma.csv', lines.join('\n')));
    expect(loaded.samples).toHaveLength(256);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    const curve = sampledCurve(loaded.samples, { curve: 'file' });
    for (let i = 0; i < 256; i++) expect(curve.encode(i / 255)).toBeCloseTo(gammaSamples[i]!, 15);
    expect(curve.encode(0.5 / 255)).toBeCloseTo((gammaSamples[0]! + gammaSamples[1]!) / 2, 15);
    // Piecewise-linear between samples, so it tracks the analytic curve to within its interpolation error.
    for (const x of grid.slice(50)) expect(Math.abs(curve.encode(x) - gammaCurve(2.2).encode(x))).toBeLessThan(1e-4);
    expectInverse(curve, 1e-12);
  });

  it('reads JSON as an array or as { "response": [...] }, and decodes flat stretches to their darkest exposure', () => {
    expect(loadCurveFile(write('a.json', '[0, 0.5, 1]')).samples).toEqual([0, 0.5, 1]);
    const flat = sampledCurve(loadCurveFile(write('b.json', '{ "response": [0, 0.5, 0.5, 1] }')).samples, { curve: 'file' });
    expect(flat.decode(0.5)).toBeCloseTo(1 / 3, 15);
    expect(flat.decode(0.75)).toBeCloseTo(2 / 3 + 1 / 6, 15);
    expect(flat.encode(0.5)).toBe(0.5);
  });

  it('names the file and the offending sample when a curve is unusable', () => {
    expect(() => loadCurveFile(write('down.csv', '0\n0.6\n0.5\n1'))).toThrow(/down\.csv: sample 2 \(0\.5\) is below sample 1 \(0\.6\); a response curve must not decrease/);
    expect(() => loadCurveFile(write('range.csv', '0, 128, 255'))).toThrow(/range\.csv: sample 1 is 128; display values must lie in \[0, 1\] \(divide 8-bit codes by 255\)/);
    expect(() => loadCurveFile(write('text.csv', '0\n0.5\nabc\n1'))).toThrow(/text\.csv:3: 'abc' is not a number/);
    expect(() => loadCurveFile(write('one.csv', '0.5'))).toThrow(/one\.csv: a response curve needs at least 2 samples, found 1/);
    expect(() => loadCurveFile(write('flat.csv', '0.3, 0.3'))).toThrow(/flat\.csv: all samples equal 0\.3; a response curve must rise/);
    expect(() => loadCurveFile(write('bad.json', '{"curve": [0, 1]}'))).toThrow(/bad\.json: expected an array of numbers or an object with a "response" array/);
    expect(() => loadCurveFile(write('str.json', '[0, "1"]'))).toThrow(/str\.json: sample 1 is "1", expected a number/);
    expect(() => loadCurveFile(join(folder, 'missing.csv'))).toThrow(/missing\.csv: cannot read the response curve/);
  });
});
