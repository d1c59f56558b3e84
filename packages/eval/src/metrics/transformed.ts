import type { HdrImage, ParamSpecs, ParamValues } from '@hdr-lab/core';
import { defineMetric, metricParams, type Metric, type MetricValue } from './metric.js';
import { msSsim } from './ms-ssim.js';
import { psnr } from './psnr.js';
import { ssim } from './ssim.js';

type Base = (reference: HdrImage, test: HdrImage) => MetricValue;

function base<S extends ParamSpecs>(metric: Metric<S>, given: Readonly<Record<string, unknown>>): Base {
  const params = metricParams(metric, given);
  return (reference, test) => metric.compute(reference, test, params);
}

/**
 * The base scores derived metrics use, with the note's defaults (Wang window, per-channel SSIM): peak /
 * L = 1 for display-referred and mu-law values, 256 for PU21 values.
 */
export const BASES = {
  psnr: base(psnr, { peak: 1 }),
  ssim: base(ssim, { dynamicRange: 1 }),
  'psnr-256': base(psnr, { peak: 256 }),
  'ssim-256': base(ssim, { dynamicRange: 256 }),
  'ms-ssim-256': base(msSsim, { dynamicRange: 256 }),
} as const satisfies Record<string, Base>;

export type BaseId = keyof typeof BASES;

/**
 * A metric computed by a base score on transformed images (mu-law, scaling, tone mapping): the transform
 * sees both images, since some take their constants from the reference.
 */
export function transformedMetric<S extends ParamSpecs>(definition: {
  id: string;
  version: string;
  describe: string;
  base: BaseId;
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
