import { createHdrImage, luminance, scaleRadiance } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { evaluateMetric, pu21Decoder, pu21Encoder, PU21_VARIANT_IDS } from '../../src/index.js';
import { fixtureImage } from '../support/fixture-images.js';

describe('PU21 encoding', () => {
  const pu = pu21Encoder();

  it('matches the test vectors of the evaluation note (banding_glare)', () => {
    const vectors: [number, number][] = [
      [0.1, 5.7171],
      [1, 36.5439],
      [10, 123.6475],
      [100, 256.3839],
      [1000, 420.0969],
      [4000, 527.4939],
      [10000, 595.3939],
    ];
    for (const [luminanceValue, encoded] of vectors) expect(pu(luminanceValue)).toBeCloseTo(encoded, 4);
    expect(pu(0.005)).toBeCloseTo(0, 1);
  });

  it('clamps to [0.005, 10000] cd/m^2', () => {
    expect(pu(0)).toBe(pu(0.005));
    expect(pu(1e6)).toBe(pu(10000));
  });

  it('round-trips through its inverse for every variant', () => {
    for (const variant of PU21_VARIANT_IDS) {
      const [encode, decode] = [pu21Encoder(variant), pu21Decoder(variant)];
      for (const y of [0.05, 0.7, 12, 340, 2500, 9000]) expect(decode(encode(y)) / y).toBeCloseTo(1, 9);
    }
  });
});

describe('PU21 metrics', () => {
  const reference = fixtureImage('desk');
  const test = fixtureImage('desk-noise');

  it('pu-psnr is PSNR with peak 256 of the encoded channels after scaling max(reference) to 4000 cd/m^2', () => {
    const pu = pu21Encoder();
    let max = 0;
    for (const v of reference.data) max = Math.max(max, v);
    const factor = 4000 / max;
    let sum = 0;
    for (let i = 0; i < reference.data.length; i++) sum += (pu(reference.data[i]! * factor) - pu(test.data[i]! * factor)) ** 2;
    const expected = 10 * Math.log10((256 * 256) / (sum / reference.data.length));
    const result = evaluateMetric('pu-psnr', reference, test);
    expect(result.value).toBeCloseTo(expected, 6);
    expect(result.params).toEqual({ variant: 'banding_glare', scaling: 'reference-max', peakNits: 4000 });
  });

  it('pu-psnr-y and pu-ssim work on encoded luminance', () => {
    const pu = pu21Encoder();
    const factor = 4000 / Math.max(...reference.data);
    const encodedY = (image: typeof reference) =>
      createHdrImage(image.width, image.height, 1, luminance(image).map((y) => pu(y * factor)));
    const psnrY = evaluateMetric('psnr', encodedY(reference), encodedY(test), { peak: 256 }).value;
    const ssimY = evaluateMetric('ssim', encodedY(reference), encodedY(test), { dynamicRange: 256 }).value;
    expect(evaluateMetric('pu-psnr-y', reference, test).value).toBeCloseTo(psnrY, 9);
    expect(evaluateMetric('pu-ssim', reference, test).value).toBeCloseTo(ssimY, 9);
  });

  it('relative scaling makes the scores independent of the images\' common scale; absolute scaling does not', () => {
    const brighter = [scaleRadiance(reference, 37), scaleRadiance(test, 37)] as const;
    expect(evaluateMetric('pu-ssim', ...brighter).value).toBeCloseTo(evaluateMetric('pu-ssim', reference, test).value, 5);
    const absolute = { scaling: 'absolute' };
    expect(evaluateMetric('pu-psnr', ...brighter, absolute).value).not.toBeCloseTo(evaluateMetric('pu-psnr', reference, test, absolute).value, 1);
  });

  it('pu-ms-ssim needs 176 px and scores identical images 1', () => {
    expect(evaluateMetric('pu-ms-ssim', reference, test)).toMatchObject({ value: NaN, flags: ['too-small'] });
    const crop = fixtureImage('ocean-crop');
    expect(evaluateMetric('pu-ms-ssim', crop, crop).value).toBeCloseTo(1, 12);
    expect(evaluateMetric('pu-psnr', crop, crop)).toMatchObject({ value: Infinity, flags: ['identical'] });
  });
});
