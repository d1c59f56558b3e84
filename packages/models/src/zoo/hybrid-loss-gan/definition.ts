import type { ModelDefinition, SingleImageModel } from '../../registry/model.js';
import { colourArray } from '../../registry/colour-array.js';
import { HYBRID_LOSS_PRESETS, HYBRID_LOSS_TINY, hybridLossSchema } from './config.js';
import { createHybridLossGan, HYBRID_LOSS_ID } from './model.js';

/**
 * The hybrid-loss GAN of Moriwaki et al.: HDR-CNN as generator fine-tuned with L_Rec + alpha L_GAN + beta L_VGG
 * in the log domain against an SRGAN discriminator and a frozen VGG19, from one linear 8-bit LDR level to
 * median-normalised linear HDR.
 */
export const hybridLossGan: ModelDefinition<typeof hybridLossSchema, SingleImageModel> = {
  id: HYBRID_LOSS_ID,
  describe: 'Hybrid-loss GAN (Moriwaki et al.): HDR-CNN generator, SRGAN discriminator, log-domain reconstruction + adversarial + VGG19 loss; single linear LDR to HDR',
  schema: hybridLossSchema,
  presets: HYBRID_LOSS_PRESETS,
  tiny: HYBRID_LOSS_TINY,
  data: (config) => ({
    // Median normalisation, then the linear levels 2^-3..2^-8 with `stops` = k.
    synth: 'hybrid-loss',
    example(source, draw) {
      const { levels } = config.train;
      const level = levels[draw(levels.length)]!;
      const exposure = source.exposures.find((candidate) => candidate.stops === level);
      if (!exposure) {
        throw new Error(
          `${HYBRID_LOSS_ID}: the sample has no input level 2^-${level} (it has stops ${source.exposures.map((candidate) => candidate.stops).join(', ')}); ` +
            "train.levels must be among the levels the 'hybrid-loss' synthesis makes (3..8)",
        );
      }
      return { input: colourArray(exposure.image), target: colourArray(source.groundTruth) };
    },
  }),
  create: (config, { seed }) => createHybridLossGan(config, seed),
};
