import { dirname, resolve } from 'node:path';
import { BACKEND_CHOICES, ConfigError, loadYamlConfig } from '@hdr-lab/core';
import { learningRateScheduleSchema } from '@hdr-lab/models';
import { z } from 'zod';

/** Steps, batch, seed, learning-rate schedule, checkpoint and log intervals of one training run. */
export const trainSettingsSchema = z
  .object({
    steps: z.number().int().positive(),
    batchSize: z.number().int().positive().default(1),
    seed: z.number().int().nonnegative().default(0),
    schedule: learningRateScheduleSchema.default({ kind: 'constant' }),
    checkpointEvery: z.number().int().positive().default(100),
    logEvery: z.number().int().positive().default(10),
  })
  .strict();

export type TrainSettings = z.infer<typeof trainSettingsSchema>;

/** The training data: a preparation config to run (or reuse), or a directory `hdr-lab prepare` wrote. */
export const dataSourceSchema = z
  .object({
    /** A preparation config: the set is prepared first (an unchanged config reuses it). */
    prepare: z.string().optional(),
    /** A directory already written by `hdr-lab prepare`. */
    prepared: z.string().optional(),
  })
  .strict()
  .refine((data) => (data.prepare === undefined) !== (data.prepared === undefined), { message: 'give exactly one of prepare (a preparation config) or prepared (a prepared directory)' });

/**
 * A training run's data: a prepared set as above, or for multi-exposure models captured brackets — a
 * folder of scene folders, each with its exposures, their times (sidecar or EXIF) and the ground-truth HDR.
 */
export const trainDataSchema = z
  .object({
    prepare: z.string().optional(),
    prepared: z.string().optional(),
    /** A folder of bracket scenes (Kalantari's layout). */
    brackets: z.string().optional(),
    /** Side of the square crops cut from bracket scenes (HDR-GAN's official loader: 512). */
    crop: z.number().int().min(8).optional(),
  })
  .strict()
  .refine((data) => [data.prepare, data.prepared, data.brackets].filter((source) => source !== undefined).length === 1, {
    message: 'give exactly one of prepare (a preparation config), prepared (a prepared directory) or brackets (a folder of bracket scenes)',
  })
  .refine((data) => data.brackets !== undefined || data.crop === undefined, { message: 'crop is for brackets: prepared sets are cropped when they are prepared', path: ['crop'] });

/**
 * A training run: which model (and preset, and whether the tiny size), its settings, the data, the
 * schedule and where the run directory goes. Paths are relative to the config file.
 */
export const trainConfigSchema = z
  .object({
    model: z.string().optional(),
    preset: z.string().optional(),
    tiny: z.boolean().default(false),
    settings: z.record(z.string(), z.unknown()).default({}),
    data: trainDataSchema,
    train: trainSettingsSchema,
    out: z.string(),
    backend: z.enum(BACKEND_CHOICES).optional(),
  })
  .strict();

export type TrainConfig = z.infer<typeof trainConfigSchema>;

export interface LoadedTrainConfig {
  readonly config: TrainConfig;
  readonly file: string;
  /** Paths resolved against the config file's directory. */
  readonly paths: { readonly out: string; readonly prepare?: string; readonly prepared?: string; readonly brackets?: string };
}

export async function loadTrainConfig(file: string): Promise<LoadedTrainConfig> {
  const config = await loadYamlConfig(trainConfigSchema, file);
  const base = dirname(resolve(file));
  return {
    config,
    file,
    paths: {
      out: resolve(base, config.out),
      ...(config.data.prepare === undefined ? {} : { prepare: resolve(base, config.data.prepare) }),
      ...(config.data.prepared === undefined ? {} : { prepared: resolve(base, config.data.prepared) }),
      ...(config.data.brackets === undefined ? {} : { brackets: resolve(base, config.data.brackets) }),
    },
  };
}

/** `--model` and the file's `model:` must agree when both are given; one of them must be. */
export function chooseModel(loaded: LoadedTrainConfig, flag: string | undefined): string {
  const inFile = loaded.config.model;
  if (flag && inFile && flag !== inFile) throw new ConfigError(`${loaded.file}: model: the file trains '${inFile}' but --model says '${flag}'; drop one`);
  const model = flag ?? inFile;
  if (!model) throw new ConfigError(`${loaded.file}: no model: give --model ID or a 'model:' line`);
  return model;
}
