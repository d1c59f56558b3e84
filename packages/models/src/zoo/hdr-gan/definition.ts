import type { BracketModel, ModelDefinition } from '../../registry/model.js';
import { colourArray } from '../../registry/colour-array.js';
import { HDR_GAN_PRESETS, HDR_GAN_TINY, hdrGanSchema } from './config.js';
import { exposureInputs, HDR_GAN_ID, INPUT_CHANNELS, INPUT_NAMES } from './inputs.js';
import { createHdrGan } from './model.js';

/**
 * HDR-GAN of Niu et al. (TIP 2021): three exposures with motion, each with its HDR version, through separate
 * multi-scale encoders, reference-based residual merging blocks and a nested decoder with deep HDR supervision;
 * mu-law L1 on every output plus a SphereGAN loss against a spectrally normalised PatchGAN.
 */
export const hdrGan: ModelDefinition<typeof hdrGanSchema, BracketModel> = {
  id: HDR_GAN_ID,
  describe: 'HDR-GAN (Niu et al.): three-exposure fusion with reference-based merging blocks, deep HDR supervision and a SphereGAN PatchGAN discriminator; mu-law domain',
  schema: hdrGanSchema,
  presets: HDR_GAN_PRESETS,
  tiny: HDR_GAN_TINY,
  data: (config) => ({
    // -2/0/+2 EV brackets with motion, gamma 2.2, 8 bits, ground truth with its 99.5th percentile at 1.
    synth: 'hdr-gan',
    example(source) {
      if (source.referenceIndex !== 1) {
        throw new Error(`${HDR_GAN_ID}: the reference must be the middle of three exposures, the sample's is exposure ${source.referenceIndex + 1}; use the 'hdr-gan' synthesis`);
      }
      const arrays = exposureInputs(source.exposures, config.generator);
      const { width, height } = source.exposures[0]!.image;
      const truth = source.groundTruth;
      if (truth.width !== width || truth.height !== height) {
        throw new Error(`${HDR_GAN_ID}: the ground truth is ${truth.width}x${truth.height} but the exposures are ${width}x${height}`);
      }
      const inputs = Object.fromEntries(INPUT_NAMES.map((name, i) => [name, { data: arrays[i]!, shape: [height, width, INPUT_CHANNELS] }]));
      return { ...inputs, target: colourArray(truth) };
    },
  }),
  create: (config, { seed }) => createHdrGan(config, seed),
};
