import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';

export class PrepareConfigError extends Error {
  override readonly name = 'PrepareConfigError';
}

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

function describePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/**
 * A preparation config, validated once with the YAML path of any problem; `inputs` and `out` are
 * resolved against the config file's directory. The paper's settings are the defaults: random crops
 * resized to 256x256, median-luminance normalisation (hybrid loss); `patches` of 64 with stride 10 is
 * Deep Chain HDRI's.
 */
export function parsePrepareConfig(text: string, file: string): PrepareConfig {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const line = error.linePos?.[0];
    throw new PrepareConfigError(`${file}${line ? `:${line.line}:${line.col}` : ''}: not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const result = configSchema.safeParse(document.toJS());
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new PrepareConfigError(`${file}: ${describePath(issue.path) || '(top level)'}: ${issue.message}`);
  }
  const config = result.data;
  if (config.crop.mode === 'random' && config.crop.side[0] > config.crop.side[1]) {
    throw new PrepareConfigError(`${file}: crop.side: expected [smallest, largest], got [${config.crop.side.join(', ')}]`);
  }
  const base = dirname(resolve(file));
  return { ...config, inputs: config.inputs.map((input) => resolve(base, input)), out: resolve(base, config.out) };
}

export async function loadPrepareConfig(file: string): Promise<PrepareConfig> {
  return parsePrepareConfig(await readFile(file, 'utf8'), file);
}
