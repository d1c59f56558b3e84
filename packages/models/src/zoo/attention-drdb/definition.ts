import type { ExampleArray, ModelDefinition } from '../../registry/model.js';
import { flipped, withNoise } from './augment.js';
import { rgbOf } from './bracket.js';
import { ATTENTION_DRDB_PRESETS, ATTENTION_DRDB_TINY, attentionDrdbSchema } from './config.js';
import { encodeTarget } from './encoding.js';
import { networkInputs } from './inputs.js';
import { ATTENTION_DRDB_ID, createAttentionDrdb, type AttentionDrdbModel } from './model.js';

/**
 * The attention + DRDB fusion network of [S004]: HDR-VAM (Omrani & Moroni; feature extractors, alignment
 * and attention modules, visual-attention masks from Otsu thresholds, a U-shaped reconstruction and a
 * refinement, sigmoid-encoded gamma-domain output) with AHDRNet's dilated residual dense blocks inserted
 * at the configured site.
 */
export const attentionDrdb: ModelDefinition<typeof attentionDrdbSchema, AttentionDrdbModel> = {
  id: ATTENTION_DRDB_ID,
  describe: 'Attention + DRDB fusion (Tian & Zhang on HDR-VAM): three LDR exposures with visual-attention masks, alignment and attention modules, AHDRNet DRDBs; sigmoid-encoded HDR',
  schema: attentionDrdbSchema,
  presets: ATTENTION_DRDB_PRESETS,
  tiny: ATTENTION_DRDB_TINY,
  data: (config) => ({
    // Percentile normalisation, biases -2/0/+2, clip, gamma 2.24, 8 bits: NTIRE-like brackets.
    synth: 'drdb',
    example(source, draw) {
      const { gamma, inputNoiseStd, flips } = config.data;
      if (source.exposures.length !== 3) {
        throw new Error(`${ATTENTION_DRDB_ID}: the synthesised sample has ${source.exposures.length} exposures; the 'drdb' synthesis (biases -2, 0, 2) makes the 3 this model fuses`);
      }
      if (source.referenceIndex !== 1) {
        throw new Error(`${ATTENTION_DRDB_ID}: the reference must be the medium exposure (index 1), got index ${source.referenceIndex}`);
      }
      const exposures = source.exposures.map((exposure, index) => {
        const data = rgbOf(exposure.image, `exposure ${index}`);
        return { width: exposure.image.width, height: exposure.image.height, time: exposure.time, data: inputNoiseStd > 0 ? withNoise(data, inputNoiseStd, draw) : data };
      });
      const truth = source.groundTruth;
      if (truth.width !== exposures[1]!.width || truth.height !== exposures[1]!.height) {
        throw new Error(`${ATTENTION_DRDB_ID}: the ground truth is ${truth.width}x${truth.height} but the exposures are ${exposures[1]!.width}x${exposures[1]!.height}`);
      }
      const arrays: Record<string, ExampleArray> = {
        ...networkInputs(exposures, { gamma, vam: config.vam.enabled }),
        target: { data: encodeTarget(rgbOf(truth, 'the ground truth'), gamma), shape: [truth.height, truth.width, 3] },
      };
      if (!flips) return arrays;
      const vertical = draw(2) === 1;
      const horizontal = draw(2) === 1;
      return Object.fromEntries(Object.entries(arrays).map(([name, array]) => [name, flipped(array, vertical, horizontal)]));
    },
  }),
  create: async (config, { seed }) => createAttentionDrdb(config, seed),
};
