import type { HdrImage, ParamSpecs, ParamValues } from '@hdr-lab/core';
import { defineMetric, type Metric, type MetricValue } from './metric.js';
import { psnr } from './psnr.js';
import { ssim } from './ssim.js';

/** The base scores the derived metrics use, with the note's defaults: PSNR peak 1, SSIM L = 1, Wang window. */
export const BASES = {
  psnr: (reference: HdrImage, test: HdrImage): MetricValue =>
    psnr.compute(reference, test, { peak: 1, peakFrom: 'fixed', infinity: 'keep', cap: 100 }),
  ssim: (reference: HdrImage, test: HdrImage): MetricValue =>
    ssim.compute(reference, test, { dynamicRange: 1, k1: 0.01, k2: 0.03, window: 11, sigma: 1.5, colour: 'per-channel' }),
} as const;

/**
 * A metric computed by a base score on transformed images (mu-law, scaling, tone mapping): the transform
 * sees both images, since some take their constants from the reference.
 */
export function transformedMetric<S extends ParamSpecs>(definition: {
  id: string;
  version: string;
  describe: string;
  base: keyof typeof BASES;
  params: S;
  transform: (reference: HdrImage, test: HdrImage, params: ParamValues<S>) => { reference: HdrImage; test: HdrImage };
}): Metric<S> {
  return defineMetric({
    id: definition.id,
    version: definition.version,
    describe: definition.describe,
    params: definition.params,
    compute(reference, test, params) {
      const transformed = definition.transform(reference, test, params);
      return BASES[definition.base](transformed.reference, transformed.test);
    },
  });
}
