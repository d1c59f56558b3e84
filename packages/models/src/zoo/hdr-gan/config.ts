import { z } from 'zod';

/**
 * The paper's configuration when parsed from `{}` ([S002]; layer details from the official code [C]). Where
 * the paper text and the code disagree (HDR input, sphere reference point) the paper is the default and the
 * code's choice a switch, although the design notes' §3.9 and §5 default to the code; preset `official_code`
 * selects both code choices.
 */
export const hdrGanSchema = z
  .strictObject({
    generator: z
      .strictObject({
        /** Encoder/decoder depth (Table II): 2 | 3 | 4; the decoder gives scales - 1 outputs. */
        scales: z.union([z.literal(2), z.literal(3), z.literal(4)]).default(3),
        /** C1, the channels at full resolution, doubling per scale (32, 64, 128, 256 [C]). */
        width: z.int().min(1).default(32),
        /** false: each merging block becomes concat -> conv3x3 -> ReLU without the reference residual (design notes §3.9 item 4). */
        mergingBlocks: z.boolean().default(true),
        mergeDilation: z.int().min(1).default(2),
        spectralNorm: z.boolean().default(true),
        /**
         * The HDR half of each exposure's input. `linear`: H_i = L_i^gamma / t_i, as the paper writes it
         * ("concatenated with their corresponding HDR versions", eq. 2) [S002]; `tonemapped`: the mu-law T(H_i)
         * the official code feeds (IN_HDR = false) [C].
         */
        hdrInput: z.enum(['linear', 'tonemapped']).default('linear'),
        /** Gamma of the LDR exposures' linearisation (eq. 2). */
        gamma: z.number().positive().default(2.2),
        /** One encoder for all three exposures instead of one each [C: separate]. */
        sharedEncoders: z.boolean().default(false),
      })
      .prefault({}),
    deepSupervision: z
      .strictObject({
        /** Which decoder outputs the L1 supervises: all (deep HDR supervision) or only the last ("w/o D.S."). */
        lossOutputs: z.enum(['all', 'last']).default('all'),
      })
      .prefault({}),
    disc: z
      .strictObject({
        /** false: no discriminator and no adversarial term ("w/o D", Table III). */
        enabled: z.boolean().default(true),
        /** Which decoder outputs the discriminator sees (Table III rows). */
        outputsToD: z.enum(['all', 'first', 'last']).default('all'),
        /** Channels of the first PatchGAN conv; the next three have twice as many [C: 64, 128, 128, 128]. */
        width: z.int().min(1).default(64),
        sphere: z
          .strictObject({
            moments: z.int().min(1).default(3),
            /** `north`: the paper's "north pole" [S002]; `first`: e0, the official code's point [C]. */
            refPoint: z.enum(['north', 'first']).default('north'),
          })
          .prefault({}),
        /** Weight of the adversarial term in L_G [S002][C]. */
        lambda: z.number().min(0).default(1),
      })
      .prefault({}),
    train: z
      .strictObject({
        /** Initial learning rate of both Adam optimisers [C]; its decay belongs to the experiment's schedule. */
        lr: z.number().positive().default(1e-4),
        beta1: z.number().min(0).lt(1).default(0.9),
        beta2: z.number().min(0).lt(1).default(0.999),
        epsilon: z.number().positive().default(1e-8),
        /** Every gradient of G and D is clipped to [-gradClip, gradClip] [C]; 0 turns clipping off. */
        gradClip: z.number().min(0).default(1),
      })
      .prefault({}),
    inference: z
      .strictObject({
        /** The decoder output predict returns, 1-based (H1, H2, ...), or the last (the final output). */
        output: z.union([z.literal('last'), z.int().min(1)]).default('last'),
      })
      .prefault({}),
  })
  .superRefine((config, context) => {
    const outputs = config.generator.scales - 1;
    const { output } = config.inference;
    if (output !== 'last' && output > outputs) {
      context.addIssue({
        code: 'custom',
        path: ['inference', 'output'],
        message: `a ${config.generator.scales}-scale generator has ${outputs} output${outputs === 1 ? '' : 's'}; choose 1..${outputs} or 'last'`,
      });
    }
  });

export type HdrGanConfig = z.infer<typeof hdrGanSchema>;

/**
 * The ablation rows of [S002] Table II (structure, deep supervision) and Table III (discriminator), one preset
 * per reported row: the `_hN` suffix names the decoder output the row reports (without one: the final output,
 * except four_scale, which reports H2 as the paper's best four-scale branch).
 */
export const HDR_GAN_PRESETS = {
  /** Table I, Tables II/III "ours" H2. */
  ours: {},
  /** Tables II/III "ours" H1. */
  ours_h1: { 'inference.output': 1 },
  /** Table II two-scale (one output). */
  two_scale: { 'generator.scales': 2 },
  /** Table II four-scale, reporting H2 (the branch the paper finds best), H1 and H3. */
  four_scale: { 'generator.scales': 4, 'inference.output': 2 },
  four_scale_h1: { 'generator.scales': 4, 'inference.output': 1 },
  four_scale_h3: { 'generator.scales': 4, 'inference.output': 3 },
  /** Table II "w/o merging blocks". */
  no_merge: { 'generator.mergingBlocks': false },
  /** Table II "ours" without deep supervision: only H2 in the L1. */
  no_deep_sup: { 'deepSupervision.lossOutputs': 'last' },
  /** Table III "w/o D", H2 and H1. */
  no_disc: { 'disc.enabled': false },
  no_disc_h1: { 'disc.enabled': false, 'inference.output': 1 },
  /** Table III: D sees only H1 (H2 out of the adversarial loss), H2 and H1 reported. */
  disc_first_only: { 'disc.outputsToD': 'first' },
  disc_first_only_h1: { 'disc.outputsToD': 'first', 'inference.output': 1 },
  /** Table III: D sees only H2, H2 and H1 reported. */
  disc_last_only: { 'disc.outputsToD': 'last' },
  disc_last_only_h1: { 'disc.outputsToD': 'last', 'inference.output': 1 },
  /** The official code's choices where it departs from the paper text: mu-law HDR inputs, e0 as the sphere's reference. */
  official_code: { 'generator.hdrInput': 'tonemapped', 'disc.sphere.refPoint': 'first' },
} as const satisfies Record<string, Record<string, unknown>>;

/** The same code path at 1/8 (generator) and 1/16 (discriminator) width, with a learning rate that moves it in a few hundred steps. */
export const HDR_GAN_TINY = {
  'generator.width': 4,
  'disc.width': 4,
  'train.lr': 1e-3,
} as const satisfies Record<string, unknown>;
