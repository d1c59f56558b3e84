import { z } from 'zod';

/** HDR-CNN's epsilon in its log output domain, z = log(ŷ + 1/255). */
const HDRCNN_EPS = 1 / 255;

/** Channel widths divided by this; it must divide 64 so every layer keeps a whole number of channels. */
const widthDivisor = z
  .int()
  .min(1)
  .default(1)
  .refine((divisor) => 64 % divisor === 0, 'widthDivisor must divide 64 (1, 2, 4, 8, 16, 32 or 64); 1 is the paper size');

const weightsPath = z.string().min(1).nullable().default(null);

/** Where a pretrained network's weights come from: a local TF.js layers-format file, or a seeded random init (not comparable to the paper). */
const vggWeights = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('file'), path: weightsPath }),
  z.strictObject({ source: z.literal('random-init'), seed: z.int().min(0).default(0) }),
]);

/** The paper's configuration when parsed from `{}` ([S001] unless the spec marks a default). */
export const hybridLossSchema = z
  .strictObject({
    generator: z
      .strictObject({
        /** hdrcnn: the trained HDR-CNN the paper fine-tunes; vgg16: ImageNet/Places VGG16 encoder + random decoder; random: all random. */
        init: z.enum(['hdrcnn', 'vgg16', 'random']).default('hdrcnn'),
        /** model.json of the TF.js layers-format file `init` loads (hdrcnn, vgg16). */
        path: weightsPath,
        inputTransform: z.enum(['identity', 'sqrt']).default('identity'),
        /** ŷ = exp(z) - outputEps. */
        outputEps: z.number().positive().default(HDRCNN_EPS),
        widthDivisor,
      })
      .prefault({}),
    disc: z
      .strictObject({
        /** flatten: SRGAN's fc head (134 M weights at 256x256); gap: global average pool first (memory-saving, any size). */
        head: z.enum(['flatten', 'gap']).default('flatten'),
        /** Side of the training crops; the flatten head is built for it. */
        inputSize: z.int().min(32).multipleOf(32).default(256),
        widthDivisor,
      })
      .prefault({}),
    loss: z
      .strictObject({
        rec: z.enum(['weightedLogL2', 'illumRefl', 'none']).default('weightedLogL2'),
        underExposure: z.strictObject({ tau: z.number().gt(0).max(1).default(0.05), gamma: z.number().min(0).default(5) }).prefault({}),
        illumRefl: z.strictObject({ lambda: z.number().min(0).max(1).default(0.5), tau: z.number().min(0).lt(1).default(0.95) }).prefault({}),
        gan: z
          .strictObject({ enabled: z.boolean().default(true), alpha: z.number().min(0).default(1e-3), reduction: z.enum(['sum', 'mean']).default('sum') })
          .prefault({}),
        vgg: z
          .strictObject({
            enabled: z.boolean().default(true),
            beta: z.number().min(0).default(5e-4),
            layer: z.enum(['pool5', 'relu5_4']).default('pool5'),
            weights: vggWeights.prefault({ source: 'file' }),
            widthDivisor,
          })
          .prefault({}),
        /**
         * What the discriminator and VGG19 judge: `estimate`, the generator's output everywhere [S001]; `blended`,
         * the output as `inference.blend: channel` assembles it (the generator's values in the input's clipped
         * channels, the input's own elsewhere), so those terms supervise only what the model contributes.
         */
        judged: z.enum(['estimate', 'blended']).default('estimate'),
        /** eps of every log in the losses and of the discriminator's and VGG19's input log(ŷ + eps). */
        logEps: z.number().positive().default(HDRCNN_EPS),
      })
      .prefault({}),
    train: z
      .strictObject({
        lr: z.number().positive().default(2e-5),
        beta1: z.number().min(0).lt(1).default(0.9),
        beta2: z.number().min(0).lt(1).default(0.999),
        epsilon: z.number().positive().default(1e-8),
        /** Input levels 2^-k drawn uniformly per example; [6, 7, 8] reproduces [S000]. The 'hybrid-loss' synthesis makes k = 3..8. */
        levels: z
          .array(z.int().min(3).max(8))
          .min(1)
          .default([4, 5, 6, 7, 8])
          .refine((levels) => new Set(levels).size === levels.length, 'each level may appear once'),
      })
      .prefault({}),
    inference: z
      .strictObject({
        blend: z.enum(['none', 'hdrcnn', 'channel']).default('none'),
        /**
         * The level 2^-k of the LDR input at inference: the test protocol quantises each median-normalised test
         * image to it (6: the HDR-Eye protocol of [S001]), and the blend brings the input into the output's
         * median-normalised units with it (x 255 2^-k).
         */
        inputLevel: z.int().min(3).max(8).default(6),
      })
      .prefault({}),
  })
  .superRefine((config, context) => {
    if (config.loss.rec === 'none' && !config.loss.gan.enabled && !config.loss.vgg.enabled) {
      context.addIssue({ code: 'custom', path: ['loss'], message: 'no loss term is on: set loss.rec, loss.gan.enabled or loss.vgg.enabled' });
    }
  });

export type HybridLossConfig = z.infer<typeof hybridLossSchema>;

/** The loss ablation of [S001] Table 4, and HDR-CNN's own training as a baseline. */
export const HYBRID_LOSS_PRESETS = {
  rec: { 'loss.gan.enabled': false, 'loss.vgg.enabled': false },
  rec_gan: { 'loss.vgg.enabled': false },
  rec_vgg: { 'loss.gan.enabled': false },
  gan_vgg: { 'loss.rec': 'none' },
  full: {},
  hdrcnn_baseline: { 'loss.rec': 'illumRefl', 'loss.gan.enabled': false, 'loss.vgg.enabled': false, 'inference.blend': 'hdrcnn' },
} as const satisfies Record<string, Record<string, unknown>>;

/**
 * The same code path at 1/8 width with no pretrained files: random generator and VGG19 (so the run is tagged
 * not comparable), the average-pooled discriminator head (any crop size), and a learning rate that moves a
 * random network within a few hundred steps.
 */
export const HYBRID_LOSS_TINY = {
  'generator.init': 'random',
  'generator.widthDivisor': 8,
  'disc.head': 'gap',
  'disc.widthDivisor': 8,
  'loss.vgg.widthDivisor': 8,
  'loss.vgg.weights': { source: 'random-init', seed: 0 },
  'train.lr': 1e-3,
} as const satisfies Record<string, unknown>;
