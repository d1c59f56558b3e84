import { z } from 'zod';
import { mapSamples } from '../sample.js';
import { defineSynthStep } from '../step.js';

const schema = z.strictObject({});

/** Sensor saturation: every exposure sample clamped to [0, 1]; NaN becomes 0. Values inside stay bit-exact. */
export const clipStep = defineSynthStep({
  id: 'clip',
  version: '1',
  describe: 'clamp every exposure sample to [0, 1] (sensor saturation)',
  placement: { from: ['linear', 'display'], bounded: true },
  schema: () => schema,
  async apply(sample) {
    const clamp = (value: number) => (value > 0 ? (value < 1 ? value : 1) : 0);
    return { sample: { ...sample, exposures: sample.exposures.map((exposure) => ({ ...exposure, image: mapSamples(exposure.image, clamp) })) } };
  },
});
