import { describe, expect, it } from 'vitest';
import { evaluateMetric } from '../../src/index.js';
import { fixtureImage, metricFixtures } from '../support/fixture-images.js';

describe('PSNR and SSIM parity with scikit-image (Wang settings)', () => {
  for (const c of metricFixtures.cases) {
    const label = `${c.metric} ${JSON.stringify(c.params)} of ${c.test} against ${c.reference}`;
    it(`${label} is within 1e-4 of ${c.tool}`, () => {
      const result = evaluateMetric(c.metric, fixtureImage(c.reference), fixtureImage(c.test), c.params);
      expect(result.flags).toEqual([]);
      expect(Math.abs(result.value - c.expected)).toBeLessThanOrEqual(1e-4);
    });
  }

  it('covers noise, blur and exposure errors on two samples, in floats and 8 bits', () => {
    expect(metricFixtures.cases).toHaveLength(30);
    expect(new Set(metricFixtures.cases.map((c) => c.test.split('-')[1]))).toEqual(new Set(['noise', 'blur', 'exposure']));
  });
});
