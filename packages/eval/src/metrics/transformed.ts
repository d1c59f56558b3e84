import type { HdrImage, ParamSpecs, ParamValues } from '@hdr-lab/core';
import { defineMetric, metricParams, sameColour, type Metric, type MetricBlindSpot, type MetricValue } from './metric.js';
import { msSsim } from './ms-ssim.js';
import { psnr } from './psnr.js';
import { ssim } from './ssim.js';

interface Base {
  readonly higherIsBetter: boolean;
  compute(reference: HdrImage, test: HdrImage): MetricValue;
}

function base<S extends ParamSpecs>(metric: Metric<S>, given: Readonly<Record<string, unknown>>): Base {
  const params = metricParams(metric, given);
  return { higherIsBetter: metric.higherIsBetter, compute: (reference, test) => metric.compute(reference, test, params) };
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

/** Transformed images, and what the transform did to its inputs (flags such as `test:negative-clamped:3`). */
export interface TransformedPair {
  readonly reference: HdrImage;
  readonly test: HdrImage;
  readonly flags?: readonly string[];
}

/**
 * A metric computed by a base score on transformed images (mu-law, scaling, tone mapping): the transform
 * sees both images, since some take their constants from the reference. It ranks as its base does. When a
 * transform maps two different images to equal ones (e.g. both below PU21's floor), the base's `identical`
 * becomes `identical-after-transform`: the images are not identical, the metric just cannot tell them apart.
 */
export function transformedMetric<S extends ParamSpecs>(definition: {
  id: string;
  version: string;
  describe: string;
  base: BaseId;
  params: S;
  transform: (reference: HdrImage, test: HdrImage, params: ParamValues<S>) => TransformedPair;
  blindSpots?: (params: ParamValues<S>) => readonly MetricBlindSpot[];
}): Metric<S> {
  const scorer = BASES[definition.base];
  return defineMetric({
    id: definition.id,
    version: definition.version,
    describe: definition.describe,
    higherIsBetter: scorer.higherIsBetter,
    params: definition.params,
    ...(definition.blindSpots ? { blindSpots: definition.blindSpots } : {}),
    compute(reference, test, params) {
      const transformed = definition.transform(reference, test, params);
      const score = scorer.compute(transformed.reference, transformed.test);
      const hidden = (flag: string) => flag === 'identical' && !sameColour(reference, test);
      const flags = score.flags.map((flag) => (hidden(flag) ? 'identical-after-transform' : flag));
      return { value: score.value, flags: [...flags, ...(transformed.flags ?? [])] };
    },
  });
}
