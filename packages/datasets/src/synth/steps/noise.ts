import { z } from 'zod';
import { poisson } from '../../random/index.js';
import { withData } from '../sample.js';
import { defineSynthStep } from '../step.js';

const schema = z.strictObject({
  fullWell: z.number().positive().finite().default(10000),
  readNoise: z.number().min(0).finite().default(3),
});

/**
 * Poisson-Gaussian sensor noise in linear exposure units (1 = saturation). A sample x collects
 * x * fullWell photo-electrons; their count is Poisson (shot noise), the readout adds a Gaussian of
 * `readNoise` electrons RMS, and the sum is divided by fullWell again:
 *   x' = (Poisson(x * fullWell) + N(0, readNoise^2)) / fullWell,
 * so x' has mean x and variance x / fullWell + (readNoise / fullWell)^2, Foi et al.'s (2008) model with
 * a = 1 / fullWell and b = (readNoise / fullWell)^2. Values below 0 (dark pixels with read noise) and above
 * 1 are left for the clip step. Every colour sample is independent; each exposure draws from its own stream.
 */
export const noiseStep = defineSynthStep({
  id: 'noise',
  version: '1',
  describe: 'Poisson (shot) + Gaussian (read) sensor noise: fullWell electrons at saturation, readNoise electrons RMS',
  placement: { from: ['linear'], bounded: false },
  schema: () => schema,
  async apply(sample, params, random) {
    const { fullWell, readNoise } = params;
    const exposures = sample.exposures.map((exposure, index) => {
      const own = random.derive(`exposure ${index}`);
      const { data } = exposure.image;
      const out = new Float32Array(data.length);
      for (let i = 0; i < data.length; i++) {
        const electrons = data[i] > 0 ? poisson(own, data[i] * fullWell) : 0;
        out[i] = (electrons + (readNoise > 0 ? own.normal(0, readNoise) : 0)) / fullWell;
      }
      return { ...exposure, image: withData(exposure.image, out) };
    });
    return { sample: { ...sample, exposures } };
  },
});
