import { scaleExposure, scaleRadiance } from '@hdr-lab/core';
import { z } from 'zod';
import { curveRecord, curveSchema, nominalCurve, type CurveSpec } from '../curves/curve-spec.js';
import { defineSynthStep, type JsonRecord } from '../step.js';
import { stopsLabel } from './labels.js';
import { mostEvenExposure } from './middle-exposure.js';

const schema = (baseDir: string) =>
  z
    .strictObject({
      evs: z
        .array(z.int().min(-12).max(12))
        .min(2)
        .default([-3, -2, -1, 0, 1, 2, 3])
        .refine((evs) => evs.includes(0), 'must include 0, the middle exposure')
        .refine((evs) => evs.every((ev, i) => i === 0 || ev > evs[i - 1]!), 'must increase, darkest first'),
      middle: z.union([z.literal('even-histogram'), z.number().finite()]).default('even-histogram'),
      histogramCurve: curveSchema(baseDir).optional(),
      searchFrom: z.number().finite().default(-8),
      searchTo: z.number().finite().default(8),
      searchStep: z.number().positive().finite().default(0.25),
    })
    .superRefine((params, ctx) => {
      if (params.searchTo < params.searchFrom) {
        ctx.addIssue({ code: 'custom', path: ['searchTo'], message: `must be at least searchFrom (${params.searchFrom})` });
      }
      if (params.middle !== 'even-histogram' && params.histogramCurve) {
        ctx.addIssue({ code: 'custom', path: ['histogramCurve'], message: 'only used with middle: even-histogram' });
      }
    })
    .transform((params) => ({ ...params, histogramCurve: params.histogramCurve ?? null }));

type EvStackParams = z.output<ReturnType<typeof schema>>;

/**
 * Deep Chain HDRI's stacks: exposures EV k (k = -3..3 by default, one stop apart) around a middle exposure
 * EV 0, which is either given (`middle`: stops applied to the ground truth) or chosen as the paper does, the
 * exposure with the most evenly spread histogram. The ground truth is rescaled by the middle exposure's
 * factor, so EV k is the ground truth x 2^k and its time is 2^k (Debevec's relative exposure times).
 * The histogram is judged through `histogramCurve`, by default the curve of the next camera-curve step
 * (at its mean parameters when that curve is random), else sRGB.
 */
export const evStackStep = defineSynthStep<EvStackParams>({
  id: 'ev-stack',
  version: '1',
  describe: 'EV -3..+3 linear exposures around a middle exposure (most even histogram, or given)',
  placement: { from: ['scene'], to: 'linear', bounded: false },
  schema,
  complete(params, later) {
    if (params.middle !== 'even-histogram' || params.histogramCurve) return params;
    const curveStep = later.find((entry) => entry.id === 'camera-curve');
    return { ...params, histogramCurve: curveStep ? (curveStep.params as CurveSpec) : { curve: 'srgb' } };
  },
  record: (params) => ({ ...params, histogramCurve: params.histogramCurve ? curveRecord(params.histogramCurve) : null }) as JsonRecord,
  async apply(sample, params) {
    const middle =
      params.middle === 'even-histogram'
        ? mostEvenExposure(sample.groundTruth, nominalCurve(params.histogramCurve ?? { curve: 'srgb' }), {
            from: params.searchFrom,
            to: params.searchTo,
            step: params.searchStep,
          })
        : { scale: Math.pow(2, params.middle), stops: params.middle };
    const groundTruth = scaleRadiance(sample.groundTruth, middle.scale);
    const exposures = params.evs.map((ev) => ({
      label: stopsLabel('EV', ev),
      stops: ev,
      time: Math.pow(2, ev),
      image: scaleExposure(groundTruth, ev),
    }));
    return {
      sample: { ...sample, groundTruth, exposures, phase: 'linear', referenceIndex: params.evs.indexOf(0) },
      draws: { ...middle },
    };
  },
});
