import { z } from 'zod';
import { mapSamples } from '../sample.js';
import { defineSynthStep } from '../step.js';

const schema = z.strictObject({ bits: z.int().min(1).max(16).default(8) });

/**
 * Rounds display values to `bits`-bit codes and back: round(clamp(v, 0, 1) * (2^bits - 1)) / (2^bits - 1),
 * halves rounding up, as core's encoder does. For 8 bits the results equal core's decoded code values exactly.
 */
export const quantiseStep = defineSynthStep({
  id: 'quantise',
  version: '1',
  describe: 'round display values to bits-bit codes (default 8)',
  placement: { from: ['display'], bounded: true },
  schema: () => schema,
  async apply(sample, params) {
    const max = Math.pow(2, params.bits) - 1;
    const round = (value: number) => (value > 0 ? (value < 1 ? Math.round(value * max) / max : 1) : 0);
    return { sample: { ...sample, exposures: sample.exposures.map((exposure) => ({ ...exposure, image: mapSamples(exposure.image, round) })) } };
  },
});
