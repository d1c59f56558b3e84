import { scaleExposure } from '@hdr-lab/core';
import { z } from 'zod';
import { defineSynthStep } from '../step.js';
import { stopsLabel } from './labels.js';

const schema = z.strictObject({ stops: z.number().finite().default(0) });

/** One linear exposure: the ground truth times 2^stops (1 = sensor saturation once clipped). */
export const exposeStep = defineSynthStep({
  id: 'expose',
  version: '1',
  describe: 'one linear exposure: ground truth x 2^stops',
  placement: { from: ['scene'], to: 'linear', bounded: false },
  schema: () => schema,
  async apply(sample, params) {
    const exposure = {
      label: stopsLabel('EV', params.stops),
      stops: params.stops,
      time: Math.pow(2, params.stops),
      image: scaleExposure(sample.groundTruth, params.stops),
    };
    return { sample: { ...sample, exposures: [exposure], phase: 'linear', referenceIndex: 0 } };
  },
});
