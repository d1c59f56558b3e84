import { luminance, normaliseMedianLuminance, percentile, scaleRadiance } from '@hdr-lab/core';
import { z } from 'zod';
import { defineSynthStep } from '../step.js';

const schema = z
  .strictObject({
    mode: z.enum(['median', 'percentile']).default('median'),
    target: z.number().positive().finite().default(1),
    percentile: z.number().gt(0).max(100).optional(),
  })
  .superRefine((params, ctx) => {
    if (params.mode === 'median' && params.percentile !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['percentile'], message: "only for mode 'percentile'" });
    }
  })
  .transform(({ mode, target, percentile }) => ({ mode, target, percentile: mode === 'percentile' ? (percentile ?? 99.5) : null }));

/**
 * Puts the ground truth on a known scale before exposures are made: median BT.709 luminance = target (the
 * range-wise protocol's units), or a luminance percentile = target (99.5 for brackets, so the shortest
 * exposure saturates only in its brightest half percent).
 */
export const normaliseStep = defineSynthStep({
  id: 'normalise',
  version: '1',
  describe: 'scale the ground truth so its median (or a percentile) luminance equals target',
  placement: { from: ['scene'] },
  schema: () => schema,
  async apply(sample, params) {
    if (params.mode === 'median') {
      const { image, scale } = normaliseMedianLuminance(sample.groundTruth, { target: params.target });
      return { sample: { ...sample, groundTruth: image }, draws: { scale } };
    }
    const level = percentile(luminance(sample.groundTruth), params.percentile!);
    if (!(level > 0)) {
      throw new Error(`cannot normalise: the ${params.percentile}th luminance percentile is ${level}; use mode 'median' or a higher percentile`);
    }
    const scale = params.target / level;
    return { sample: { ...sample, groundTruth: scaleRadiance(sample.groundTruth, scale) }, draws: { scale } };
  },
});
