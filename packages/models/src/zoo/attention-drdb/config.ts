import { z } from 'zod';
import { MU_LAW_MU } from '../../losses/mu-law-l1.js';

const width = z.int().min(1);

/**
 * The attention + DRDB fusion network's configuration; `{}` parses to the DRDB variant as the design notes
 * read [S004] (base HDR-VAM per its official Keras code, one AHDRNet DRDB per 6-channel exposure input).
 */
export const attentionDrdbSchema = z.strictObject({
  vam: z
    .strictObject({
      /** false: the visual-attention masks are all ones (the VAM branch sees the unmasked short and long inputs). */
      enabled: z.boolean().default(true),
    })
    .prefault({}),
  drdb: z
    .strictObject({
      /** false: the base HDR-VAM without any DRDB. */
      enabled: z.boolean().default(true),
      /**
       * input6: one DRDB per exposure on its 6-channel input ([S004]: "inserted where the original network
       * takes 6-channel data", the design notes' reading); features32: one after each of the 8 feature
       * extractors; fusion: AHDRNet's three chained DRDBs with global feature fusion on the fused features.
       */
      position: z.enum(['input6', 'features32', 'fusion']).default('input6'),
      /** Dense dilated conv layers per block (AHDRNet: 6). */
      numLayers: z.int().min(1).default(6),
      /** Channels each dense layer adds (AHDRNet: 32). */
      growth: z.int().min(1).default(32),
      /** Dilation of the dense 3x3 convs (AHDRNet: 2); 1 is the no-dilation ablation. */
      dilation: z.int().min(1).max(16).default(2),
      /** Every DRDB site has its own weights, as in [S004]'s model; sharing is not built. */
      shareWeights: z.literal(false).default(false),
    })
    .prefault({}),
  width: z
    .strictObject({
      /** Output channels of every feature extractor, alignment and attention module (HDR-VAM: 32). */
      features: width.default(32),
      /** Hidden channels of the attention module (HDR-VAM: 64). */
      attention: width.default(64),
      /** Reconstruction encoder stages E1..E4 (HDR-VAM: 64, 128, 256, 256). */
      encoder: z.array(width).length(4).default([64, 128, 256, 256]),
      /** Reconstruction decoder stages U1..U4 (HDR-VAM: 256, 128, 64, 32). */
      decoder: z.array(width).length(4).default([256, 128, 64, 32]),
      /** Refinement convs (HDR-VAM: 16). */
      refinement: width.default(16),
      /** Channels of the fusion-position block (AHDRNet's nFeat 64). */
      fusion: width.default(64),
    })
    .prefault({}),
  bn: z
    .strictObject({
      /** Keras BatchNormalization defaults, which HDR-VAM uses. */
      momentum: z.number().gt(0).lt(1).default(0.99),
      epsilon: z.number().positive().default(1e-3),
    })
    .prefault({}),
  loss: z
    .strictObject({
      /**
       * sigmoidNonlinear: MAE between the output and sigmoid(GT^(1/gamma)) (HDR-VAM); muLaw: L1 between the
       * mu-law of the decoded linear output and of the linear ground truth, both divided by the ground truth's
       * per-image maximum (AHDRNet's loss domain).
       */
      domain: z.enum(['sigmoidNonlinear', 'muLaw']).default('sigmoidNonlinear'),
      mu: z.number().positive().default(MU_LAW_MU),
    })
    .prefault({}),
  data: z
    .strictObject({
      /** Camera gamma of the EV alignment, the output encoding and its decoding (NTIRE 2022: 2.24). */
      gamma: z.number().positive().default(2.24),
      /**
       * Standard deviation of Gaussian noise added to every LDR exposure (in [0, 1] units, then clipped and
       * re-quantised to 8 bits, as noise in the image files) before inputs and masks are made; training
       * examples only. [S004] adds noise of unstated strength for its denoising test.
       */
      inputNoiseStd: z.number().min(0).default(0),
      /** Random vertical and horizontal flips of each example (HDR-VAM flips per batch). */
      flips: z.boolean().default(true),
    })
    .prefault({}),
  train: z
    .strictObject({
      /** Keras Adam defaults, which HDR-VAM trains with. */
      lr: z.number().positive().default(1e-3),
      beta1: z.number().min(0).lt(1).default(0.9),
      beta2: z.number().min(0).lt(1).default(0.999),
      epsilon: z.number().positive().default(1e-7),
    })
    .prefault({}),
});

export type AttentionDrdbConfig = z.infer<typeof attentionDrdbSchema>;

/** The design notes' ablation rows (spec section 5, drdbVariant.presets); [S004] itself reports no numbers. */
export const ATTENTION_DRDB_PRESETS = {
  base_vam: { 'drdb.enabled': false },
  drdb_input: {},
  drdb_features: { 'drdb.position': 'features32' },
  drdb_fusion: { 'drdb.position': 'fusion' },
  drdb_nodil: { 'drdb.dilation': 1 },
  no_vam: { 'vam.enabled': false },
} as const satisfies Record<string, Record<string, unknown>>;

/** The same code path with every width divided by 8 and two 4-channel dense layers per DRDB. */
export const ATTENTION_DRDB_TINY = {
  'width.features': 4,
  'width.attention': 8,
  'width.encoder': [8, 16, 32, 32],
  'width.decoder': [32, 16, 8, 4],
  'width.refinement': 4,
  'width.fusion': 8,
  'drdb.numLayers': 2,
  'drdb.growth': 4,
} as const satisfies Record<string, unknown>;
