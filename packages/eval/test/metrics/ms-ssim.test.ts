import { createHdrImage } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { evaluateMetric } from '../../src/index.js';
import { fixtureImage, msSsimFixtures, repeatPixels } from '../support/fixture-images.js';

describe('MS-SSIM and Wang-2009 SSIM parity with the independent NumPy implementation', () => {
  for (const c of msSsimFixtures.cases) {
    const label = `${c.metric} ${JSON.stringify(c.params)}${c.repeat ? ` (pixels x${c.repeat})` : ''} of ${c.test}`;
    it(`${label} is within 1e-6`, () => {
      const enlarge = (name: string) => (c.repeat ? repeatPixels(fixtureImage(name), c.repeat) : fixtureImage(name));
      const result = evaluateMetric(c.metric, enlarge(c.reference), enlarge(c.test), c.params);
      expect(result.flags).toEqual([]);
      expect(Math.abs(result.value - c.expected)).toBeLessThanOrEqual(1e-6);
    });
  }

  it('covers three distortions of two samples, both downsampling modes and the luminance mode', () => {
    const keys = new Set(msSsimFixtures.cases.map((c) => `${c.metric} ${JSON.stringify(c.params)}`));
    expect(keys).toEqual(
      new Set([
        'ms-ssim {"dynamicRange":255}',
        'ms-ssim {"colour":"luminance709","dynamicRange":255}',
        'ms-ssim {"downsample":"valid","dynamicRange":255}',
        'ssim {"downsample":"wang2009","dynamicRange":255}',
      ]),
    );
    expect(msSsimFixtures.cases).toHaveLength(24);
  });

  it('the two downsampling modes differ on an image of odd height', () => {
    const reference = fixtureImage('desk-crop');
    const test = fixtureImage('desk-crop-noise');
    const same = evaluateMetric('ms-ssim', reference, test, { dynamicRange: 255 }).value;
    const valid = evaluateMetric('ms-ssim', reference, test, { dynamicRange: 255, downsample: 'valid' }).value;
    expect(Math.abs(same - valid)).toBeGreaterThan(1e-5);
  });

  it('refuses images under 176 px on the short side, and scores identical images 1', () => {
    const small = fixtureImage('desk-8bit');
    expect(evaluateMetric('ms-ssim', small, small, { dynamicRange: 255 })).toMatchObject({ value: NaN, flags: ['too-small'] });
    const crop = fixtureImage('ocean-crop');
    expect(evaluateMetric('ms-ssim', crop, crop, { dynamicRange: 255 }).value).toBeCloseTo(1, 12);
  });

  it('is NaN with a flag when a contrast-structure mean is negative (anti-correlated images)', () => {
    const size = 176;
    const stripes = (phase: number) =>
      createHdrImage(size, size, 1, Float32Array.from({ length: size * size }, (_, i) => ((i % size) + phase) % 2));
    const result = evaluateMetric('ms-ssim', stripes(0), stripes(1));
    expect(result.value).toBeNaN();
    expect(result.flags).toEqual(['non-positive-contrast-structure']);
  });
});
