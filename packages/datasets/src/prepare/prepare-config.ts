import { dirname, resolve } from 'node:path';
import { ConfigError, loadYamlConfig, parseYamlConfig } from '@hdr-lab/core';
import { z } from 'zod';

const cropSchema = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('random'),
    count: z.int().min(1).default(4),
    side: z.tuple([z.number().gt(0).max(1), z.number().gt(0).max(1)]).default([0.5, 1]),
    size: z.int().min(8).default(256),
  }),
  z.strictObject({
    mode: z.literal('patches'),
    size: z.int().min(8).default(64),
    stride: z.int().min(1).default(10),
    maxPerImage: z.int().min(1).default(1000),
  }),
  z.strictObject({ mode: z.literal('full'), size: z.int().min(8).default(256) }),
]);

const configSchema = z.strictObject({
  name: z.string().min(1),
  inputs: z.array(z.string().min(1)).min(1),
  out: z.string().min(1),
  seed: z.union([z.int(), z.string().min(1)]).default(0),
  crop: cropSchema.default({ mode: 'random', count: 4, side: [0.5, 1], size: 256 }),
  augment: z.strictObject({ flip: z.boolean().default(true), rotate: z.boolean().default(false) }).default({ flip: true, rotate: false }),
  normalise: z.enum(['median-luminance', 'none']).default('median-luminance'),
  split: z.strictObject({ test: z.number().min(0).max(1).default(0.1) }).default({ test: 0.1 }),
});

export type PrepareConfig = z.infer<typeof configSchema>;
export type CropPlanConfig = z.infer<typeof cropSchema>;

/**
 * A preparation config, validated once with the YAML path of any problem; `inputs` and `out` are
 * resolved against the config file's directory. The paper's settings are the defaults: random crops
 * resized to 256x256, median-luminance normalisation (hybrid loss); `patches` of 64 with stride 10 is
 * Deep Chain HDRI's.
 */
export function parsePrepareConfig(text: string, file: string): PrepareConfig {
  return checked(parseYamlConfig(configSchema, text, file), file);
}

export async function loadPrepareConfig(file: string): Promise<PrepareConfig> {
  return checked(await loadYamlConfig(configSchema, file), file);
}

function checked(config: PrepareConfig, file: string): PrepareConfig {
  if (config.crop.mode === 'random' && config.crop.side[0] > config.crop.side[1]) {
    throw new ConfigError(`${file}: crop.side: expected [smallest, largest], got [${config.crop.side.join(', ')}]`);
  }
  const base = dirname(resolve(file));
  return { ...config, inputs: config.inputs.map((input) => resolve(base, input)), out: resolve(base, config.out) };
}
