import { describe, expect, it } from 'vitest';
import { floatFixtures } from '../support/float-fixtures.js';
import { createHdrImage } from '../../src/image/hdr-image.js';
import { ParamError } from '../../src/params/params.js';
import { TONE_MAP_OPERATOR_IDS, toneMap, toneMapOperator } from '../../src/tonemap/index.js';

const FIXTURES = new URL('../fixtures/tonemap/', import.meta.url);

const { index, source, reference } = floatFixtures<Record<string, number | string>>(FIXTURES);

/** Largest difference relative to the reference's range, the way the parity targets are stated. */
function errorOfRange(actual: Float32Array, expected: Float32Array): number {
  let error = 0;
  let range = 0;
  for (let i = 0; i < expected.length; i++) {
    error = Math.max(error, Math.abs(actual[i]! - expected[i]!));
    range = Math.max(range, Math.abs(expected[i]!));
  }
  return error / Math.max(range, 1);
}

describe('tone-mapping parity with the reference tools', () => {
  for (const [name, testCase] of Object.entries(index.cases)) {
    it(`${name} matches ${testCase.tool} within 1e-4`, () => {
      const { image, signature } = toneMap(source(testCase.source), testCase.operator, testCase.params);
      expect(signature.id).toBe(testCase.operator);
      expect(errorOfRange(image.data, reference(name))).toBeLessThanOrEqual(1e-4);
    });
  }

  it('covers pfstmo for both samples and every Reinhard variant and Kim-Kautz setting', () => {
    const tools = Object.values(index.cases).map((c) => `${c.operator}:${c.tool.split(' ')[0]}`);
    expect(tools.filter((t) => t === 'reinhard02:pfstmo_reinhard02')).toHaveLength(4);
    expect(Object.keys(index.cases)).toHaveLength(12);
  });
});

describe('mu-law', () => {
  const pixel = (...values: number[]) => createHdrImage(values.length / 3, 1, 3, Float32Array.from(values));

  it('maps 0 to 0, 1 to 1 and 0.5 to ln(2501) / ln(5001) with mu = 5000', () => {
    const { image } = toneMap(pixel(0, 1, 0.5), 'mu-law');
    expect(image.data[0]).toBe(0);
    expect(image.data[1]).toBeCloseTo(1, 6);
    expect(image.data[2]).toBeCloseTo(Math.log(2501) / Math.log(5001), 6);
  });

  it('divides by the divisor first, takes negatives as 0, and applies tanh in the NTIRE mode', () => {
    const { image } = toneMap(pixel(4, -2, 2), 'mu-law', { divisor: 4, mu: 100, compress: 'tanh' });
    expect(image.data[0]).toBeCloseTo(Math.log1p(100 * Math.tanh(1)) / Math.log1p(100), 6);
    expect(image.data[1]).toBe(0);
    expect(image.data[2]).toBeCloseTo(Math.log1p(100 * Math.tanh(0.5)) / Math.log1p(100), 6);
  });
});

describe('exposure', () => {
  it('scales by 2^stops, clips and encodes with gamma 2.2 or sRGB', () => {
    const image = createHdrImage(1, 1, 3, Float32Array.of(0.25, 0.75, 0.01));
    const gamma = toneMap(image, 'exposure', { stops: 1 }).image.data;
    expect(gamma[0]).toBeCloseTo(Math.pow(0.5, 1 / 2.2), 6);
    expect(gamma[1]).toBe(1);
    expect(gamma[2]).toBeCloseTo(Math.pow(0.02, 1 / 2.2), 6);
    const srgb = toneMap(image, 'exposure', { transfer: 'srgb' }).image.data;
    expect(srgb[2]).toBeCloseTo(1.055 * Math.pow(0.01, 1 / 2.4) - 0.055, 6);
  });

  it('keeps alpha and leaves values above 1 when clipping is off', () => {
    const image = createHdrImage(1, 1, 4, Float32Array.of(2, 0.5, 0, 0.3));
    const { data } = toneMap(image, 'exposure', { clip: 'false' }).image;
    expect(data[0]).toBeCloseTo(Math.pow(2, 1 / 2.2), 6);
    expect(data[3]).toBeCloseTo(0.3, 7);
  });
});

describe('the tone-mapping registry', () => {
  it('lists the operators, each with its domain, range and documented parameters', () => {
    expect(TONE_MAP_OPERATOR_IDS).toEqual(['reinhard02', 'kimkautz08', 'mu-law', 'exposure']);
    for (const id of TONE_MAP_OPERATOR_IDS) {
      const operator = toneMapOperator(id);
      expect(operator.inputDomain.length).toBeGreaterThan(10);
      expect(operator.outputRange.length).toBeGreaterThan(5);
      for (const spec of Object.values(operator.params)) expect(spec.describe.length).toBeGreaterThan(5);
    }
  });

  it('records the resolved parameters, defaults included, in the signature', () => {
    const image = createHdrImage(2, 1, 3, Float32Array.of(0.1, 0.2, 0.3, 4, 5, 6));
    expect(toneMap(image, 'reinhard02', { key: '0.25' }).signature).toEqual({
      id: 'reinhard02',
      version: '2',
      params: { variant: 'pfstmo', key: 0.25 },
    });
  });

  it('rejects unknown operators and parameters, bad types and out-of-range values, naming the path', () => {
    const image = createHdrImage(1, 1, 3);
    expect(() => toneMap(image, 'drago03')).toThrow("tonemap: unknown operator 'drago03'; known: reinhard02, kimkautz08, mu-law, exposure");
    expect(() => toneMap(image, 'reinhard02', { gamma: 2 })).toThrow(
      "tonemap.reinhard02.gamma: unknown parameter; 'reinhard02' takes variant, key",
    );
    expect(() => toneMap(image, 'mu-law', { mu: 'lots' })).toThrow('tonemap.mu-law.mu: expected a finite number, got "lots"');
    expect(() => toneMap(image, 'reinhard02', { variant: 'matlab' })).toThrow(
      'tonemap.reinhard02.variant: expected one of pfstmo, hdrtoolbox2019, hdrtoolbox2023, got "matlab"',
    );
    expect(() => toneMap(image, 'exposure', { stops: 100 })).toThrow('tonemap.exposure.stops: must be at most 64, got 100');
    expect(() => toneMap(image, 'exposure', { clip: 'yes' })).toThrow(ParamError);
  });
});
