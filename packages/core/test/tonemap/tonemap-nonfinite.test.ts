import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHdrImage, type HdrImage } from '../../src/image/hdr-image.js';
import { resize } from '../../src/image/resize.js';
import { readHdrFile } from '../../src/io/read-image.js';
import {
  countNegativeColour,
  describeToneMapFlag,
  NonFiniteSampleError,
  TONE_MAP_OPERATOR_IDS,
  toneMap,
  toneMapOperator,
} from '../../src/tonemap/index.js';
import { seededRng as seeded } from '../support/mutate.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'data', 'samples');
const SIDE = 96;

function image(sample: (x: number, y: number, c: number) => number, channels: 3 | 4 = 3): HdrImage {
  const data = new Float32Array(SIDE * SIDE * channels);
  for (let y = 0, i = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) for (let c = 0; c < channels; c++, i++) data[i] = sample(x, y, c);
  return createHdrImage(SIDE, SIDE, channels, data);
}

const random = seeded(3);
const texture = (x: number, y: number, c: number) => 10 ** (1.5 * Math.sin(x / 7) * Math.cos(y / 11) - 0.5) * (0.7 + 0.15 * c) * (0.9 + 0.2 * random());
const outlier = (value: number) => (x: number, y: number, c: number) => ((x * 31 + y) % 997 === 5 ? value : texture(x, y, c));

/** Edge cases: negatives (a wholly negative block among scattered negative samples), zeros, extremes, flat. */
const SYNTHETIC: Readonly<Record<string, HdrImage>> = {
  texture: image(texture),
  'negative samples and pixels': image((x, y, c) => (x < 6 && y < 6 ? -0.02 : (x + y + c) % 29 === 0 ? -0.005 : texture(x, y, c))),
  'zero block': image((x, y, c) => (x > 40 && y > 40 ? 0 : texture(x, y, c))),
  'all zero': image(() => 0),
  flat: image(() => 0.5),
  'one bright pixel on black': image((x, y) => (x === 3 && y === 4 ? 1 : 0)),
  '1e6 outliers': image(outlier(1e6)),
  '6.5e4 outliers': image(outlier(6.5e4)),
  '3e38 outliers': image(outlier(3e38)),
  'RGBA with negatives and 3e38': image((x, y, c) => (c === 3 ? 0.5 : x < 4 && y < 4 ? -1 : outlier(3e38)(x, y, c)), 4),
};

/** Every operator with its defaults and with each alternative value of each choice or boolean parameter. */
function settings(): { id: string; params: Record<string, string | boolean> }[] {
  return TONE_MAP_OPERATOR_IDS.flatMap((id) => [
    { id, params: {} },
    ...Object.entries(toneMapOperator(id).params).flatMap(([name, spec]) => {
      const values = spec.type === 'choice' ? spec.choices : spec.type === 'boolean' ? [true, false] : [];
      return values.filter((value) => value !== spec.default).map((value) => ({ id, params: { [name]: value } }));
    }),
  ]);
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

let samples: Record<string, HdrImage> = {};
beforeAll(async () => {
  const files = readdirSync(SAMPLES).filter((file) => file.endsWith('.exr'));
  const read = await Promise.all(files.map((file) => readHdrFile(join(SAMPLES, file))));
  samples = Object.fromEntries(read.map(({ image: full }, index) => [files[index]!, resize(full, SIDE, SIDE)]));
});

describe('every tone-mapping operator', () => {
  for (const { id, params } of settings()) {
    it(`${id} ${JSON.stringify(params)} returns finite samples or refuses the output, on samples and edge cases`, () => {
      const inputs = { ...samples, ...SYNTHETIC };
      for (const [name, input] of Object.entries(inputs)) {
        for (const statisticsFrom of [undefined, SYNTHETIC['texture']!]) {
          const error = caught(() => {
            const { image: mapped } = toneMap(input, id, params, { statisticsFrom });
            expect(mapped.data.every(Number.isFinite), name).toBe(true);
          });
          if (error !== undefined) expect(error, name).toMatchObject({ name: 'NonFiniteSampleError', image: `tonemap.${id} output` });
        }
      }
    });
  }

  for (const id of TONE_MAP_OPERATOR_IDS) {
    it(`${id} flags the negative input it takes as 0, and nothing on clean input`, () => {
      expect(toneMap(SYNTHETIC['texture']!, id).flags).toEqual([]);
      const negative = SYNTHETIC['negative samples and pixels']!;
      const [flag, ...more] = toneMap(negative, id).flags;
      expect(more).toEqual([]);
      const [, unit, count] = /^negative-(luminance-)?clamped:(\d+)$/.exec(flag ?? '') ?? [];
      expect(Number(count)).toBeGreaterThanOrEqual(36);
      if (unit === undefined) expect(Number(count)).toBe(countNegativeColour(negative));
    });

    it(`${id} refuses NaN and infinities in the image or its statistics image, naming the count and the first`, () => {
      const clean = SYNTHETIC['texture']!;
      for (const value of [NaN, Infinity, -Infinity]) {
        const broken = image((x, y, c) => ((x === 7 && y === 2 && c === 1) || (x === 50 && y === 60) ? value : texture(x, y, c)));
        const first = { x: 7, y: 2, channel: 1 };
        const error = caught(() => toneMap(broken, id));
        expect(error).toBeInstanceOf(NonFiniteSampleError);
        expect(error).toMatchObject({ image: `tonemap.${id} input`, count: 4, first });
        expect((error as Error).message).toContain('4 non-finite samples');
        expect(caught(() => toneMap(clean, id, {}, { statisticsFrom: broken }))).toMatchObject({ image: `tonemap.${id} statistics image`, first });
      }
    });

    it(`${id} keeps black black and gives a flat image one finite level`, () => {
      expect(toneMap(SYNTHETIC['all zero']!, id).image.data.every((value) => value === 0)).toBe(true);
      const flat = toneMap(SYNTHETIC['flat']!, id).image.data;
      expect(flat.every((value) => Number.isFinite(value) && value === flat[0])).toBe(true);
    });
  }

  it('refuses an output beyond float range: an HDR Toolbox 2019 white point far below 3e38 outliers', () => {
    const outliers = image((x, y) => ((x * 31 + y) % 997 === 5 ? 3e38 : 1));
    expect(caught(() => toneMap(outliers, 'reinhard02', { variant: 'hdrtoolbox2019' }))).toMatchObject({
      name: 'NonFiniteSampleError',
      image: 'tonemap.reinhard02 output',
    });
  });

  it('describes its flags in words', () => {
    expect(describeToneMapFlag('negative-clamped:12')).toBe('12 negative values clamped to 0');
    expect(describeToneMapFlag('negative-luminance-clamped:1')).toBe('1 pixel of negative luminance taken as 0 (black)');
  });
});

/** Mean of the colour channels and the share of pixels with any colour. */
function brightness(mapped: HdrImage): { mean: number; lit: number } {
  const colour = mapped.channels === 4 ? 3 : mapped.channels;
  let sum = 0;
  let lit = 0;
  for (let p = 0; p < mapped.width * mapped.height; p++) {
    let any = false;
    for (let c = 0; c < colour; c++) {
      const value = mapped.data[p * mapped.channels + c]!;
      sum += Math.min(1, Math.max(0, value));
      any ||= value > 0;
    }
    if (any) lit++;
  }
  return { mean: sum / (mapped.width * mapped.height * colour), lit: lit / (mapped.width * mapped.height) };
}

describe('issue 16: the shipped samples with negative pixels', () => {
  const variants = (toneMapOperator('reinhard02').params['variant'] as { choices: readonly string[] }).choices;
  const cases = [...variants.map((variant) => ({ id: 'reinhard02', params: { variant } })), { id: 'kimkautz08', params: {} }];

  for (const file of ['Desk.exr', 'CandleGlass.exr']) {
    it(`${file} tone-maps to a finite, non-black image with every Reinhard variant and Kim-Kautz`, async () => {
      const { image: full } = await readHdrFile(join(SAMPLES, file));
      for (const { id, params } of cases) {
        const { image: mapped, flags } = toneMap(full, id, params);
        const what = `${file} ${id} ${JSON.stringify(params)}`;
        expect(mapped.data.every(Number.isFinite), what).toBe(true);
        expect(flags, what).toEqual([expect.stringMatching(/^negative-luminance-clamped:\d+$/)]);
        const { mean, lit } = brightness(mapped);
        expect(mean, what).toBeGreaterThan(0.1);
        expect(lit, what).toBeGreaterThan(0.95);
      }
    });
  }
});
