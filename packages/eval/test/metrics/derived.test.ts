import { toneMap, type HdrImage } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { evaluateMetric, METRIC_IDS } from '../../src/index.js';
import { fixtureImage } from '../support/fixture-images.js';

const reference = fixtureImage('desk');
const test = fixtureImage('desk-noise');

function mse(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return sum / a.length;
}

const muLaw = (values: Float32Array, mu: number, transform: (x: number) => number = (x) => x) =>
  Float32Array.from(values, (x) => Math.log1p(mu * transform(Math.max(0, x))) / Math.log1p(mu));

function scaledBy(image: HdrImage, factor: number): HdrImage {
  return { ...image, data: Float32Array.from(image.data, (x) => x * factor) };
}

describe('HDR metrics built on PSNR and SSIM', () => {
  it('psnr-mu is the PSNR of ln(1 + mu x) / ln(1 + mu) of both images, peak 1', () => {
    const expected = -10 * Math.log10(mse(muLaw(reference.data, 5000), muLaw(test.data, 5000)));
    expect(evaluateMetric('psnr-mu', reference, test).value).toBeCloseTo(expected, 4);
  });

  it('with gtMax normalisation, psnr-mu and psnr-l do not depend on the data scale', () => {
    for (const id of ['psnr-mu', 'ssim-mu', 'psnr-l', 'ssim-l']) {
      const base = evaluateMetric(id, reference, test, { normalisation: 'gtMax' }).value;
      const scaledScore = evaluateMetric(id, scaledBy(reference, 37), scaledBy(test, 37), { normalisation: 'gtMax' }).value;
      expect(scaledScore).toBeCloseTo(base, 4);
    }
  });

  it("psnr-l with gtMax equals PSNR with the reference's maximum as the peak", () => {
    const big = [scaledBy(reference, 12), scaledBy(test, 12)] as const;
    expect(evaluateMetric('psnr-l', ...big, { normalisation: 'gtMax' }).value).toBeCloseTo(
      evaluateMetric('psnr', ...big, { peakFrom: 'reference-max' }).value,
      4,
    );
  });

  it('psnr-mu-ntire divides by the reference 99th percentile and compresses with tanh', () => {
    const sorted = Float64Array.from(reference.data).sort();
    const rank = 0.99 * (sorted.length - 1);
    const n = sorted[Math.floor(rank)]! + (rank - Math.floor(rank)) * (sorted[Math.ceil(rank)]! - sorted[Math.floor(rank)]!);
    const expected = -10 * Math.log10(mse(muLaw(reference.data, 5000, (x) => Math.tanh(x / n)), muLaw(test.data, 5000, (x) => Math.tanh(x / n))));
    expect(evaluateMetric('psnr-mu-ntire', reference, test).value).toBeCloseTo(expected, 3);
  });

  it('psnr-tm tone-maps each image with its own statistics, clips, applies gamma 2.2, then PSNR peak 1', () => {
    const display = (image: HdrImage) => Float32Array.from(toneMap(image, 'kimkautz08').image.data, (x) => Math.min(1, Math.max(0, x)) ** (1 / 2.2));
    const expected = -10 * Math.log10(mse(display(reference), display(test)));
    const result = evaluateMetric('psnr-tm', reference, test, { tmo: 'kimkautz08' });
    expect(result.value).toBeCloseTo(expected, 4);
    expect(result.params).toEqual({ tmo: 'kimkautz08', reinhardVariant: 'pfstmo', gamma: 2.2, stats: 'per-image' });
  });

  it("stats: from-reference fits both images to the reference, so a global exposure error is no longer hidden", () => {
    for (const tmo of ['reinhard02', 'kimkautz08']) {
      const brighter = scaledBy(reference, 2);
      const perImage = evaluateMetric('psnr-tm', reference, brighter, { tmo }).value;
      const fromReference = evaluateMetric('psnr-tm', reference, brighter, { tmo, stats: 'from-reference' }).value;
      expect(perImage).toBeGreaterThan(60);
      expect(fromReference).toBeLessThan(30);
      expect(evaluateMetric('psnr-tm', reference, reference, { tmo, stats: 'from-reference' }).value).toBe(Infinity);
    }
  });

  it('ssim-tm of an image with itself is 1, and the registry lists every metric', () => {
    expect(evaluateMetric('ssim-tm', reference, reference).value).toBeCloseTo(1, 10);
    expect(METRIC_IDS).toEqual([
      'psnr',
      'ssim',
      'ms-ssim',
      'psnr-mu',
      'ssim-mu',
      'psnr-mu-ntire',
      'psnr-l',
      'ssim-l',
      'pu-psnr',
      'pu-psnr-y',
      'pu-ssim',
      'pu-ms-ssim',
      'psnr-tm',
      'ssim-tm',
    ]);
  });
});
