import { BACKEND_CHOICES } from '@hdr-lab/core';
import { MODEL_IDS } from '@hdr-lab/models';
import { z } from 'zod';
import { dataSourceSchema, trainSettingsSchema } from '../train/train-config.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const name = (what: string) => z.string().regex(NAME, `${what} must start with a letter or digit and hold only letters, digits, '_', '.' and '-'`);

/** A metric by id (`psnr`), or with parameters (`{ id: psnr-mu, params: { mu: 5000 } }`). */
const metricEntry = z.union([
  z.string().min(1),
  z.strictObject({ id: z.string().min(1), params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}) }),
]);

const evaluationSchema = z.strictObject({
  metrics: z.array(metricEntry).min(1).default(['psnr', 'ssim']),
  /** The range-wise protocol's settings, or false to skip it. */
  rangewise: z
    .union([
      z.literal(false),
      z.strictObject({
        levels: z.array(z.int().min(0).max(16)).min(1).default([3, 4, 5, 6, 7, 8]),
        rounding: z.enum(['round', 'floor']).default('round'),
        predictionScale: z.enum(['gt-median', 'input-anchored', 'self-median']).default('gt-median'),
      }),
    ])
    .default({ levels: [3, 4, 5, 6, 7, 8], rounding: 'round', predictionScale: 'gt-median' }),
  /**
   * Model-free baselines scored on exactly the test inputs the variants see and shown first in every table
   * (`hdr-lab baselines --list`); default: every baseline that takes the model's kind of input. [] for none.
   */
  baselines: z.array(z.string().min(1)).optional(),
  /** Score at most this many test images (all by default). */
  maxImages: z.int().positive().optional(),
  /** Test images shown in the report's figure grid, taken from each source image in turn; each variant's worst image is added. */
  figures: z.int().min(0).default(2),
  /** Exposures (stops) at which the figure grid shows each image. */
  exposures: z.array(z.number()).min(1).default([-2, 0, 2]),
});

/** A diff off the base: dotted setting paths of this file (`model.preset: rec`, `train.steps: 400`). */
const diffSchema = z.record(z.string().min(1), z.unknown());

const ablationSchema = z.strictObject({
  /** Run the base config as a variant of its own, named `base`. */
  includeBase: z.boolean().default(false),
  variants: z.record(name('a variant name'), diffSchema).refine((variants) => Object.keys(variants).length > 0, 'name at least one variant'),
});

const rangeOf = (kind: string) => z.tuple([z.number(), z.number()]).refine(([low, high]) => low < high, `${kind}: [low, high] with low < high`);

/** The values a sweep draws a parameter from: a list (grid and random), or a range (random only). */
const sweepDomain = z.union([
  z.array(z.unknown()).min(1),
  z.strictObject({ uniform: rangeOf('uniform') }),
  z.strictObject({ logUniform: rangeOf('logUniform').refine(([low]) => low > 0, 'logUniform: the range must be positive') }),
  z.strictObject({ int: rangeOf('int').refine(([low, high]) => Number.isInteger(low) && Number.isInteger(high), 'int: whole-number bounds') }),
]);

export type SweepDomain = z.infer<typeof sweepDomain>;

const sweepSchema = z
  .strictObject({
    method: z.enum(['grid', 'random']),
    parameters: z.record(z.string().min(1), sweepDomain).refine((parameters) => Object.keys(parameters).length > 0, 'name at least one parameter'),
    /** The most trials to run (required for random search; caps a grid). */
    trials: z.int().positive().optional(),
    seed: z.int().min(0).default(0),
  })
  .superRefine((sweep, context) => {
    if (sweep.method === 'random' && sweep.trials === undefined) context.addIssue({ code: 'custom', path: ['trials'], message: 'random search needs a trial count (trials: N)' });
    if (sweep.method === 'grid') {
      for (const [path, domain] of Object.entries(sweep.parameters)) {
        if (!Array.isArray(domain)) context.addIssue({ code: 'custom', path: ['parameters', path], message: 'a grid takes a list of values; ranges are for method: random' });
      }
    }
  });

/**
 * An experiment: the data, one model config, training and evaluation settings, and the variants to run
 * (an ablation's named diffs or a sweep's search). Paths are relative to the file that names them.
 */
export const experimentSchema = z
  .strictObject({
    name: name('name'),
    description: z.string().optional(),
    /** gpu: sized for the paper (days on a GPU); running it on a CPU backend is allowed but warned about. */
    scale: z.enum(['cpu', 'gpu']).default('cpu'),
    data: dataSourceSchema,
    model: z.strictObject({
      id: z.enum(MODEL_IDS as [string, ...string[]]),
      preset: z.string().optional(),
      tiny: z.boolean().default(false),
      settings: z.record(z.string(), z.unknown()).default({}),
    }),
    train: trainSettingsSchema,
    eval: evaluationSchema.prefault({}),
    ablation: ablationSchema.optional(),
    sweep: sweepSchema.optional(),
    runner: z
      .strictObject({
        /** Trials run at once, each in a worker process of its own (1 on a CPU: one trial already uses every core). */
        workers: z.int().min(1).max(32).default(1),
        failure: z.enum(['continue', 'fail-fast']).default('continue'),
        /** Extra attempts for a failed trial, within one invocation. */
        retries: z.int().min(0).max(10).default(0),
        /** How often a worker proves it is alive; a trial silent for 3 periods counts as interrupted. */
        heartbeatSeconds: z.number().positive().default(10),
        /** A wasm worker at its 4 GiB memory ceiling and silent this long is stopped as stalled (a failed attempt). */
        stallSeconds: z.number().positive().default(300),
      })
      .prefault({}),
    tracking: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** MLflow experiment name (default: `name`). */
        experiment: z.string().min(1).optional(),
        /** Tracking URI; default MLFLOW_TRACKING_URI, else ./mlruns. */
        uri: z.string().min(1).optional(),
      })
      .prefault({}),
    out: z.string().min(1),
    backend: z.enum(BACKEND_CHOICES).optional(),
  })
  .superRefine((config, context) => {
    if (config.ablation && config.sweep) context.addIssue({ code: 'custom', path: ['sweep'], message: 'an experiment is an ablation or a sweep, not both: split it into two files' });
  });

export type ExperimentConfig = z.infer<typeof experimentSchema>;
export type EvaluationSettings = ExperimentConfig['eval'];
