import { z } from 'zod';
import { mapSamples } from '../sample.js';
import { defineSynthStep } from '../step.js';

const schema = z
  .strictObject({ linearise: z.enum(['gamma', 'curve']).default('gamma'), gamma: z.number().positive().finite().optional() })
  .superRefine((params, ctx) => {
    if (params.linearise === 'curve' && params.gamma !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['gamma'], message: "only for linearise 'gamma'" });
    }
  })
  .transform((params) => ({ linearise: params.linearise, gamma: params.linearise === 'gamma' ? (params.gamma ?? 2.2) : null }));

/**
 * The linearised companions multi-exposure networks take next to each LDR exposure, in ground-truth units:
 * H_i = L_i^gamma / t_i (Kalantari's convention; gamma 2.2 for HDR-GAN, 2.24 for the NTIRE data), or with
 * `linearise: curve`, the applied camera curve's exact inverse over t_i. Leaves the exposures as they are.
 */
export const companionsStep = defineSynthStep({
  id: 'companions',
  version: '1',
  describe: 'linearised exposures L^gamma / t (or curve^-1(L) / t) next to the LDR exposures',
  placement: { from: ['display'], derivesOnly: true },
  schema: () => schema,
  async apply(sample, params) {
    const { gamma } = params;
    const curve = sample.curve;
    if (params.linearise === 'curve' && !curve) throw new Error("companions with linearise 'curve' need a camera-curve (or range-levels) step before them");
    const companions = sample.exposures.map((exposure) => {
      const inverseTime = 1 / exposure.time;
      const linearise =
        gamma === null ? (value: number) => curve!.decode(value) * inverseTime : (value: number) => Math.pow(value, gamma) * inverseTime;
      return mapSamples(exposure.image, linearise);
    });
    return { sample: { ...sample, companions } };
  },
});
