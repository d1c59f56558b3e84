import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHdrImage, writeHdrFile, type HdrImage } from '@hdr-lab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateMetric, evaluateSet, MetricInputError, summariseEvaluation, type ImageEvaluation, type MetricResult } from '../../src/index.js';
import { mapColour, readSample, seeded } from '../support/property-images.js';

/** The damage: every colour sample times a uniform factor in [0.85, 1.15]. */
function noisy(image: HdrImage): HdrImage {
  const random = seeded(16);
  return mapColour(image, (value) => value * (1 + 0.15 * (2 * random() - 1)));
}

describe('issue 16: tone-mapped metrics of the shipped samples with negative pixels', () => {
  const settings = [
    { tmo: 'reinhard02', reinhardVariant: 'pfstmo' },
    { tmo: 'reinhard02', reinhardVariant: 'hdrtoolbox2019' },
    { tmo: 'reinhard02', reinhardVariant: 'hdrtoolbox2023' },
    { tmo: 'kimkautz08' },
  ];

  for (const name of ['Desk', 'CandleGlass']) {
    it(`${name} with 15% multiplicative noise scores a finite psnr-tm / ssim-tm well below identical, flagged`, async () => {
      const reference = await readSample(name);
      const test = noisy(reference);
      for (const params of settings) {
        const what = `${name} ${JSON.stringify(params)}`;
        const psnr = evaluateMetric('psnr-tm', reference, test, params);
        const ssim = evaluateMetric('ssim-tm', reference, test, params);
        expect(psnr.value, what).toBeGreaterThan(20);
        expect(psnr.value, what).toBeLessThan(45);
        expect(ssim.value, what).toBeLessThan(0.98);
        expect(ssim.value, what).toBeGreaterThan(0.5);
        for (const result of [psnr, ssim]) {
          expect(result.flags, what).not.toContain('identical');
          expect(result.flags, what).toContainEqual(expect.stringMatching(/^reference:negative-luminance-clamped:\d+$/));
        }
      }
    });
  }
});

describe('identical means equal', () => {
  it('a transform that maps two different images to equal ones is flagged identical-after-transform, not identical', () => {
    const reference = createHdrImage(16, 16, 3, new Float32Array(768).fill(0.25).map((value, i) => (i % 5 === 0 ? -0.1 : value)));
    const test = mapColour(reference, (value) => (value < 0 ? value * 2 : value));
    const result = evaluateMetric('psnr-mu', reference, test);
    expect(result.value).toBe(Infinity);
    expect(result.flags).toEqual(['identical-after-transform', 'reference:negative-clamped:154', 'test:negative-clamped:154']);
    expect(evaluateMetric('psnr-mu', reference, reference).flags[0]).toBe('identical');
  });

  it('a reference with no positive scale is refused where the metric divides by it', () => {
    const black = createHdrImage(16, 16, 3);
    const grey = createHdrImage(16, 16, 3, new Float32Array(768).fill(0.5));
    expect(() => evaluateMetric('psnr-l', black, grey, { normalisation: 'gtMax' })).toThrow(MetricInputError);
    expect(() => evaluateMetric('pu-psnr', black, grey)).toThrow("the reference's maximum is 0: no positive scale to normalise by");
    expect(() => evaluateMetric('psnr', black, grey, { peakFrom: 'reference-max' })).toThrow(MetricInputError);
    expect(() => evaluateMetric('psnr-mu-ntire', black, grey)).toThrow("the reference's percentile p=99 is 0");
    expect(evaluateMetric('psnr', black, black, { peakFrom: 'reference-max' })).toMatchObject({ value: Infinity, flags: ['identical'] });
  });
});

const result = (value: number, flags: string[] = []): MetricResult => ({ id: 'psnr-tm', version: '2', params: {}, value, flags });
const record = (name: string, value: number, flags: string[] = []): ImageEvaluation => ({
  name,
  reference: `${name}.exr`,
  test: `${name}.pfm`,
  metrics: [result(value, flags)],
});

describe('the evaluation summary', () => {
  it('leaves out only identical pairs; any other non-finite score makes the mean NaN and is counted by flag', () => {
    const clean = summariseEvaluation([record('a', 30), record('b', 34), record('c', Infinity, ['identical'])]);
    expect(clean.metrics[0]).toMatchObject({ images: 2, mean: 32, excluded: { identical: 1 }, nonFinite: {} });
    expect(clean.metrics[0]!.std).toBeCloseTo(Math.SQRT2 * 2, 12);
    const broken = summariseEvaluation([
      record('a', 30),
      record('b', NaN, ['non-positive-ssim']),
      record('c', Infinity, ['identical-after-transform']),
      record('d', NaN),
    ]);
    expect(broken.metrics[0]).toMatchObject({ images: 4, excluded: {}, nonFinite: { 'non-positive-ssim': 1, 'identical-after-transform': 1, nan: 1 } });
    expect(broken.metrics[0]!.mean).toBeNaN();
    expect(broken.metrics[0]!.std).toBeNaN();
  });
});

describe('evaluateSet', () => {
  const work = mkdtempSync(join(tmpdir(), 'hdr-lab-nonfinite-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('fails a pair whose file holds NaN, naming the file, the count and the first sample; the others are scored', async () => {
    const good = createHdrImage(16, 16, 3, new Float32Array(768).fill(0.5));
    const bad = mapColour(good, (value, index) => (index === 3 * (2 * 16 + 5) + 1 || index === 700 ? NaN : value));
    const paths = Object.fromEntries(['ref', 'good', 'bad'].map((name) => [name, join(work, `${name}.pfm`)]));
    await writeHdrFile(paths['ref']!, good);
    await writeHdrFile(paths['good']!, good);
    await writeHdrFile(paths['bad']!, bad);
    const pairs = [
      { name: 'good', reference: paths['ref']!, test: paths['good']! },
      { name: 'bad', reference: paths['ref']!, test: paths['bad']! },
    ];
    const records = await evaluateSet(pairs, { metrics: [{ id: 'psnr-tm', params: {} }], rangewise: false });
    expect(records[0]!.metrics[0]).toMatchObject({ value: Infinity, flags: ['identical'] });
    expect(records[1]!.error).toBe(`${paths['bad']}: 2 non-finite samples (NaN or infinite); the first is NaN at x=5, y=2, channel 1`);
    expect(summariseEvaluation(records).failed).toEqual([{ name: 'bad', error: records[1]!.error }]);
  });
});
