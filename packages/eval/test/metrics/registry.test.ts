import { createHdrImage, ParamError } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { evaluateMetric, METRIC_IDS, MetricInputError } from '../../src/index.js';

const solid = (value: number, width = 16, height = 16, channels: 1 | 3 | 4 = 3) =>
  createHdrImage(width, height, channels, new Float32Array(width * height * channels).fill(value));

describe('PSNR', () => {
  it('is 10 log10(peak^2 / MSE) over every colour sample', () => {
    const result = evaluateMetric('psnr', solid(0.5), solid(0.6));
    expect(result.value).toBeCloseTo(10 * Math.log10(1 / 0.01), 4);
    expect(result).toMatchObject({ id: 'psnr', version: '1', params: { peak: 1, peakFrom: 'fixed', infinity: 'keep', cap: 100 } });
  });

  it('gives +Infinity flagged identical for identical images, or the cap when asked', () => {
    expect(evaluateMetric('psnr', solid(0.3), solid(0.3))).toMatchObject({ value: Infinity, flags: ['identical'] });
    expect(evaluateMetric('psnr', solid(0.3), solid(0.3), { infinity: 'cap', cap: 80 })).toMatchObject({
      value: 80,
      flags: ['identical', 'capped'],
    });
  });

  it("takes the reference's maximum as the peak on request and ignores alpha", () => {
    const reference = createHdrImage(1, 1, 4, Float32Array.of(4, 2, 1, 0));
    const test = createHdrImage(1, 1, 4, Float32Array.of(3, 2, 1, 1));
    expect(evaluateMetric('psnr', reference, test, { peakFrom: 'reference-max' }).value).toBeCloseTo(10 * Math.log10(16 / (1 / 3)), 6);
  });
});

describe('SSIM', () => {
  it('is 1 for identical images and NaN, flagged, below the window size', () => {
    expect(evaluateMetric('ssim', solid(0.4), solid(0.4)).value).toBeCloseTo(1, 12);
    expect(evaluateMetric('ssim', solid(0.4, 10, 30), solid(0.4, 10, 30))).toMatchObject({ value: NaN, flags: ['too-small'] });
  });

  it('of two flat images is the luminance term (2 mx my + C1) / (mx^2 + my^2 + C1)', () => {
    const c1 = 0.01 ** 2;
    const [a, b] = [Math.fround(0.2), 0.5];
    expect(evaluateMetric('ssim', solid(a), solid(b)).value).toBeCloseTo((2 * a * b + c1) / (a * a + b * b + c1), 12);
  });
});

describe('the metric registry', () => {
  it('lists the metrics and rejects unknown ones, unknown parameters and mismatched images', () => {
    expect(METRIC_IDS.slice(0, 2)).toEqual(['psnr', 'ssim']);
    expect(() => evaluateMetric('vif', solid(0), solid(0))).toThrow("metrics: unknown metric 'vif'; known: psnr, ssim, ms-ssim, psnr-mu");
    expect(() => evaluateMetric('ssim', solid(0), solid(0), { window: 'big' })).toThrow(ParamError);
    expect(() => evaluateMetric('psnr', solid(0, 16, 16), solid(0, 16, 8))).toThrow(
      new MetricInputError('images differ in shape: reference 16x16x3, test 16x8x3'),
    );
  });
});
