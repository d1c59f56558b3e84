import { z } from 'zod';

/**
 * Steps each subnetwork trains for in `stagewise-inferred` mode: [S003]'s 100 epochs of about 180 000
 * patch pairs at batch size 1.
 */
const PAPER_STAGE_STEPS = 100 * 180_000;

const activation = z.enum(['prelu', 'mprelu']);

/** The paper's configuration when parsed from `{}` ([S003] unless the design notes mark a default). */
export const deepChainSchema = z
  .strictObject({
    subnet: z
      .strictObject({
        /** DCSCN-style hand-off of all seven feature blocks to the reconstruction (false: F7 only). */
        featureConcat: z.boolean().default(true),
        /** Dilation of each 3x3 feature block; their number is the number of blocks. */
        dilations: z.array(z.int().min(1).max(64)).min(1).default([1, 1, 2, 3, 5, 8, 13]),
        /** Kernels of every feature and reconstruction layer. */
        width: z.int().min(1).default(32),
        batchNorm: z.boolean().default(true),
        /**
         * Batch norm's moving-average momentum and epsilon. [S003] names none and has no public code; these
         * are TensorFlow's tf.layers.batch_normalization defaults, the framework of DCSCN, which the subnet follows.
         */
        bnMomentum: z.number().gt(0).lt(1).default(0.99),
        bnEpsilon: z.number().positive().default(1e-3),
        /** Activation of the subnetworks that infer brighter exposures. */
        activationUp: activation.default('prelu'),
        /** Activation of the subnetworks that infer darker exposures ([S003] Table 3: mprelu vs prelu). */
        activationDown: activation.default('mprelu'),
        /** Initial slope of every PReLU / MPReLU, per channel. */
        alphaInitial: z.number().default(0.25),
        /** rgb: one pass over three channels; perChannel: R, G and B go through as three grey images. */
        channels: z.enum(['rgb', 'perChannel']).default('rgb'),
      })
      .prefault({}),
    chain: z
      .strictObject({
        /** chain: six subnets EV0 -> +-1 -> +-2 -> +-3; direct: one subnet EV0 -> EV+-3 per direction; shallow: the RED-like baseline of Table 2. */
        mode: z.enum(['chain', 'direct', 'shallow']).default('chain'),
        training: z.enum(['joint', 'stagewise-gt', 'stagewise-inferred']).default('joint'),
        /** Supervise EV+-1 and EV+-2 as well as EV+-3 (joint chain training). */
        intermediateLoss: z.boolean().default(true),
        /** Channels of the shallow baseline's layers. */
        shallowWidth: z.int().min(1).default(64),
      })
      .prefault({}),
    loss: z.strictObject({ tvWeight: z.number().min(0).default(0.001) }).prefault({}),
    train: z
      .strictObject({
        lr: z.number().positive().default(1e-3),
        beta1: z.number().min(0).lt(1).default(0.9),
        beta2: z.number().min(0).lt(1).default(0.999),
        epsilon: z.number().positive().default(1e-8),
        /** stagewise-inferred: steps spent on each pair of subnets (up_k, down_k) before the next pair starts. */
        stageSteps: z.int().min(1).default(PAPER_STAGE_STEPS),
      })
      .prefault({}),
    inference: z
      .strictObject({
        /** fullconv: the whole image at once (tiled); patch: [S003]'s overlapping patches, averaged. */
        mode: z.enum(['fullconv', 'patch']).default('fullconv'),
        patch: z.strictObject({ size: z.int().min(1).default(64), stride: z.int().min(1).default(16) }).prefault({}),
      })
      .prefault({}),
    merge: z
      .strictObject({
        method: z.literal('debevec').default('debevec'),
        /** Debevec-Malik smoothness weight lambda (HDR Toolbox's 20). */
        smoothing: z.number().positive().default(20),
        /** Pixels sampled for the response fit (fewer on images with fewer pixels). */
        samples: z.int().min(1).default(256),
        sampling: z.enum(['grid', 'random']).default('grid'),
        seed: z.int().min(0).max(2147483647).default(1),
      })
      .prefault({}),
  })
  .superRefine((config, context) => {
    const { mode, training, intermediateLoss } = config.chain;
    if (mode !== 'chain' && training !== 'joint') {
      context.addIssue({
        code: 'custom',
        path: ['chain', 'training'],
        message: `'${training}' trains the chain's subnets one by one; chain.mode '${mode}' has one network per direction: use training 'joint'`,
      });
    }
    if (mode === 'chain' && training !== 'joint' && !intermediateLoss) {
      context.addIssue({
        code: 'custom',
        path: ['chain', 'intermediateLoss'],
        message: `'${training}' gives every subnet its own target, so EV+-1 and EV+-2 are always supervised: set intermediateLoss true or training 'joint'`,
      });
    }
  });

export type DeepChainConfig = z.infer<typeof deepChainSchema>;

/** [S003]'s configuration and its ablations: Table 3 (activation of the darker chain) and Table 2 (chain vs one-step networks). */
export const DEEP_CHAIN_PRESETS = {
  paper: {},
  prelu_down: { 'subnet.activationDown': 'prelu' },
  shallow_ev3: { 'chain.mode': 'shallow' },
  direct_ev3: { 'chain.mode': 'direct' },
  no_intermediate: { 'chain.intermediateLoss': false },
} as const satisfies Record<string, Record<string, unknown>>;

/** The same code path at a quarter of the width (dilations unchanged), which trains on small patches on a CPU. */
export const DEEP_CHAIN_TINY = {
  'subnet.width': 8,
  'chain.shallowWidth': 8,
} as const satisfies Record<string, unknown>;
