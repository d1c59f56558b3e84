import { afterAll, describe, expect, it } from 'vitest';
import { floatFixtures } from './support/float-fixtures.js';
import { bilateralGrid } from '../src/expand/bilateral-grid.js';
import { EXPANSION_OPERATOR_IDS, ExpansionInputError, expand, expansionOperator } from '../src/expand/index.js';
import { createHdrImage, type ChannelCount, type HdrImage } from '../src/image/hdr-image.js';
import { luminance } from '../src/image/luminance.js';
import { ParamError } from '../src/params/params.js';

const FIXTURES = new URL('fixtures/expansion/', import.meta.url);

const { index, source, reference } = floatFixtures<Record<string, number | string | boolean>>(FIXTURES);

/**
 * Largest |a - b| / max(|b|, floor) over the samples, with the floor a millionth of the reference's peak:
 * relative everywhere except on values too small to matter next to the image's highlights.
 */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  let peak = 0;
  for (const value of expected) peak = Math.max(peak, Math.abs(value));
  const floor = Math.max(peak * 1e-6, Number.MIN_VALUE);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), floor);
    worst = Number.isNaN(error) ? Infinity : Math.max(worst, error);
  }
  return worst;
}

describe('expansion parity with HDR Toolbox in Octave', () => {
  const worstByOperator = new Map<string, number>();
  afterAll(() => {
    const report = [...worstByOperator].map(([id, error]) => `${id} ${error.toExponential(1)}`).join(', ');
    console.info(`largest relative difference to HDR Toolbox: ${report}`);
  });

  for (const [name, testCase] of Object.entries(index.cases)) {
    it(`${name} matches ${testCase.tool} within 1e-5 relative`, () => {
      const { image, signature } = expand(source(testCase.source), testCase.operator, testCase.params);
      expect(signature).toEqual({ id: testCase.operator, version: expansionOperator(testCase.operator).version, params: testCase.params });
      const error = relativeError(image.data, reference(name));
      worstByOperator.set(testCase.operator, Math.max(worstByOperator.get(testCase.operator) ?? 0, error));
      expect(error).toBeLessThanOrEqual(1e-5);
    });
  }

  it('holds every registered operator to defaults on both colour inputs', () => {
    for (const id of EXPANSION_OPERATOR_IDS) {
      for (const name of ['candle', 'ocean']) {
        const defaults = Object.fromEntries(Object.entries(expansionOperator(id).params).map(([key, spec]) => [key, spec.default]));
        expect(index.cases[`${name}-${id}`], `${name}-${id}`).toMatchObject({ operator: id, params: defaults });
      }
    }
  });
});

/** Deterministic samples in [0, 1], a quarter of them clipped to 1 so highlights exist. */
function randomImage(width: number, height: number, channels: ChannelCount, seed: number): HdrImage {
  const data = new Float32Array(width * height * channels);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = Math.min(1, (state / 2 ** 32) * 1.3);
  }
  return createHdrImage(width, height, channels, data);
}

const filled = (width: number, height: number, channels: ChannelCount, value: number) =>
  createHdrImage(width, height, channels, new Float32Array(width * height * channels).fill(value));

const PROPERTY_INPUTS: Record<string, HdrImage> = {
  'all-black 9x7': filled(9, 7, 3, 0),
  'all-white 9x7': filled(9, 7, 3, 1),
  'constant 0.4 9x7': filled(9, 7, 3, 0.4),
  '1x1': randomImage(1, 1, 3, 1),
  '1x1 grey': randomImage(1, 1, 1, 2),
  'odd 13x11': randomImage(13, 11, 3, 3),
  'grey 15x9': randomImage(15, 9, 1, 4),
  'RGBA 11x5': randomImage(11, 5, 4, 5),
  'single row 37x1': randomImage(37, 1, 3, 6),
  'one column 1x23': randomImage(1, 23, 3, 7),
  'half black 20x20': createHdrImage(20, 20, 3, randomImage(20, 20, 3, 8).data.map((v, i) => (i < 600 ? 0 : v))),
};

describe('every expansion operator on inputs in [0, 1]', () => {
  for (const id of EXPANSION_OPERATOR_IDS) {
    for (const [label, input] of Object.entries(PROPERTY_INPUTS)) {
      it(`${id}: ${label} gives finite non-negative output of the same shape`, () => {
        const { image, clampedSamples } = expand(input, id);
        expect([image.width, image.height, image.channels]).toEqual([input.width, input.height, input.channels]);
        expect(clampedSamples).toBe(0);
        const colours = input.channels === 4 ? 3 : input.channels;
        image.data.forEach((value, i) => {
          if (i % input.channels < colours) expect(Number.isFinite(value) && value >= 0, `sample ${i} = ${value}`).toBe(true);
          else expect(value).toBe(input.data[i]);
        });
      });
    }

    it(`${id}: a black image stays black`, () => {
      expect(expand(filled(6, 4, 3, 0), id).image.data.every((value) => value === 0)).toBe(true);
    });
  }
});

describe('degenerate images, as HDR Toolbox treats them', () => {
  it('akyuz07 maps a constant image to 0: its luminance range is empty', () => {
    expect(expand(filled(5, 3, 3, 0.7), 'akyuz07').image.data.every((value) => value === 0)).toBe(true);
  });

  it('landis02 gives 0 where the brightest luminance equals the threshold exactly', () => {
    const { image } = expand(filled(4, 4, 1, 0.5), 'landis02', { gammaRemoval: 0 });
    expect(image.data.every((value) => value === 0)).toBe(true);
  });

  it('landis02 scales an all-white image by maxOutput', () => {
    expect(expand(filled(4, 4, 3, 1), 'landis02', { maxOutput: 800 }).image.data.every((value) => value === 800)).toBe(true);
  });
});

/** Pixels of one chromaticity (linear RGB proportional to `rgb`) at increasing encoded brightness. */
function ramp(rgb: readonly [number, number, number], steps: number): HdrImage {
  const data = new Float32Array(steps * 3);
  for (let k = 0; k < steps; k++) for (let c = 0; c < 3; c++) data[k * 3 + c] = (rgb[c]! * (k + 1)) / steps;
  return createHdrImage(steps, 1, 3, data);
}

describe('global operators never darken a brighter pixel', () => {
  for (const id of ['akyuz07', 'landis02']) {
    it(`${id}: luminance is non-decreasing along a ramp of one chroma`, () => {
      for (const rgb of [[1, 0.6, 0.2], [0.3, 0.9, 1], [1, 1, 1]] as const) {
        const out = luminance(expand(ramp(rgb, 64), id).image);
        for (let k = 1; k < out.length; k++) expect(out[k]!).toBeGreaterThanOrEqual(out[k - 1]! * (1 - 1e-6));
      }
    });

    it(`${id}: output luminance is ordered as linearised input luminance across a whole image`, () => {
      const input = randomImage(31, 17, 3, 11);
      const before = luminance({ ...input, data: input.data.map((v) => Math.pow(v, 2.2)) });
      const after = luminance(expand(input, id).image);
      const order = [...before.keys()].sort((a, b) => before[a]! - before[b]!);
      for (let k = 1; k < order.length; k++) {
        if (before[order[k]!]! > before[order[k - 1]!]!) expect(after[order[k]!]!).toBeGreaterThanOrEqual(after[order[k - 1]!]! * (1 - 1e-6));
      }
    });
  }
});

describe('inputs outside [0, 1]', () => {
  const bad = () => {
    const image = randomImage(5, 4, 3, 21);
    image.data[2 * 15 + 1] = Number.NaN;
    image.data[3 * 15 + 3 * 2] = 1.5;
    image.data[3 * 15 + 3 * 3 + 2] = -0.25;
    return image;
  };

  for (const id of EXPANSION_OPERATOR_IDS) {
    it(`${id} rejects NaN and out-of-range samples naming the count and the first`, () => {
      let error: unknown;
      try {
        expand(bad(), id);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ExpansionInputError);
      expect(error).toMatchObject({ count: 3, first: { x: 0, y: 2, channel: 1 } });
      expect((error as Error).message).toMatch(/^3 sample\(s\) outside \[0, 1\] or not finite; the first at x=0, y=2, channel 1 is NaN/);
    });

    it(`${id} with outOfRange 'clamp' expands the clamped image and counts the clamped samples`, () => {
      const clamped = bad();
      clamped.data[2 * 15 + 1] = 0;
      clamped.data[3 * 15 + 3 * 2] = 1;
      clamped.data[3 * 15 + 3 * 3 + 2] = 0;
      const result = expand(bad(), id, {}, { outOfRange: 'clamp' });
      expect(result.clampedSamples).toBe(3);
      expect(result.image.data).toEqual(expand(clamped, id).image.data);
    });
  }

  it('does not check alpha, which is carried over', () => {
    const image = randomImage(3, 3, 4, 31);
    image.data[3] = 2;
    expect(expand(image, 'akyuz07').image.data[3]).toBe(2);
  });

  it('rejects infinities too', () => {
    const image = filled(2, 2, 1, 0.5);
    image.data[3] = Infinity;
    expect(() => expand(image, 'masia09')).toThrow(/1 sample\(s\) .* x=1, y=1, channel 0 is Infinity/);
  });
});

describe('expansion registry', () => {
  it('lists every operator once', () => {
    expect(EXPANSION_OPERATOR_IDS).toEqual(['akyuz07', 'landis02', 'huo13', 'huo14', 'kovaleski14', 'masia09', 'masia17']);
  });

  it('records defaults in the signature, gammaRemoval 2.2 everywhere', () => {
    const { signature } = expand(filled(2, 2, 3, 0.5), 'kovaleski14');
    expect(signature).toEqual({
      id: 'kovaleski14',
      version: '1',
      params: { content: 'image', sigmaSpatial: 150, sigmaRange: 25 / 255, displayMin: 0.3, displayMax: 1200, gammaRemoval: 2.2 },
    });
    for (const id of EXPANSION_OPERATOR_IDS) expect(expansionOperator(id).params.gammaRemoval.default).toBe(2.2);
  });

  it('rejects unknown operators and parameters and out-of-range values', () => {
    const image = filled(2, 2, 3, 0.5);
    expect(() => expand(image, 'nope')).toThrow(ParamError);
    expect(() => expand(image, 'nope')).toThrow(/known: akyuz07, landis02/);
    expect(() => expand(image, 'akyuz07', { a_gamma: 2 })).toThrow(/expand\.akyuz07\.a_gamma: unknown parameter/);
    expect(() => expand(image, 'akyuz07', { maxOutput: 0 })).toThrow(/expand\.akyuz07\.maxOutput: must be at least/);
    expect(() => expand(image, 'kovaleski14', { content: 'film' })).toThrow(/expected one of image, video/);
  });

  it('takes gammaRemoval 0 or less as already linear', () => {
    const image = randomImage(8, 6, 3, 41);
    expect(expand(image, 'masia17', { gammaRemoval: 0 }).image.data).toEqual(expand(image, 'masia17', { gammaRemoval: -1 }).image.data);
    expect(expand(image, 'masia17', { gammaRemoval: 0 }).image.data).not.toEqual(expand(image, 'masia17').image.data);
  });
});

describe('bilateral grid', () => {
  const options = { edgeMin: 0, edgeMax: 1, sigmaSpatial: 4, sigmaRange: 0.1 };

  it('keeps a constant image constant', () => {
    const out = bilateralGrid(new Float64Array(35 * 21).fill(0.3), new Float64Array(35 * 21).fill(0.3), 35, 21, options);
    for (const value of out) expect(value).toBeCloseTo(0.3, 12);
  });

  it('does not blur across an edge much stronger than the range sigma', () => {
    const width = 32;
    const height = 8;
    const values = Float64Array.from({ length: width * height }, (_, p) => (p % width < 16 ? 0.1 : 0.9));
    const out = bilateralGrid(values, values, width, height, options);
    for (let p = 0; p < out.length; p++) expect(out[p]).toBeCloseTo(values[p]!, 1);
  });

  it('refuses a grid too large to allocate', () => {
    const image = filled(640, 400, 3, 0.5);
    expect(() => expand(image, 'kovaleski14', { sigmaSpatial: 1 })).toThrow(/bilateral grid is too large/);
  });

  it('skips NaN data and refuses edge values outside its range', () => {
    const data = Float64Array.from([0.2, Number.NaN, 0.2, 0.2]);
    const edge = new Float64Array(4).fill(0.5);
    expect(bilateralGrid(data, edge, 2, 2, options).every((value) => Math.abs(value - 0.2) < 1e-12)).toBe(true);
    expect(() => bilateralGrid(data, Float64Array.from([0.5, 0.5, 2, 0.5]), 2, 2, options)).toThrow(/edge value 2 at x=0, y=1/);
  });
});
