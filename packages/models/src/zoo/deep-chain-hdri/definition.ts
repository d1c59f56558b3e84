import type { ModelDefinition, SingleImageModel } from '../../registry/model.js';
import { DEEP_CHAIN_PRESETS, DEEP_CHAIN_TINY, deepChainSchema } from './config.js';
import { deepChainExample } from './exposures.js';
import { createDeepChain, DEEP_CHAIN_ID } from './model.js';

/**
 * Deep Chain HDRI of Lee, An and Kang: six dilated-conv subnetworks infer EV +-1, +-2, +-3 from one
 * display-referred LDR image (EV 0) in two chains, and the 8-bit stack is merged into linear HDR by
 * Debevec-Malik response recovery.
 */
export const deepChainHdri: ModelDefinition<typeof deepChainSchema, SingleImageModel> = {
  id: DEEP_CHAIN_ID,
  describe: 'Deep Chain HDRI (Lee et al.): chains of dilated-conv subnetworks infer EV -3..+3 from one display-referred LDR image, merged by Debevec-Malik',
  schema: deepChainSchema,
  presets: DEEP_CHAIN_PRESETS,
  tiny: DEEP_CHAIN_TINY,
  data: () => ({
    // Median normalisation, EV -3..+3 around the most even EV 0 (`stops` = k), clip, sRGB camera curve, 8 bits.
    synth: 'deep-chain',
    example: (source) => deepChainExample(source),
  }),
  create: async (config, { seed }) => createDeepChain(config, seed),
};
