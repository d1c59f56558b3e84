import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, parse } from 'node:path';
import {
  crop as cropImage,
  flipHorizontal,
  normaliseMedianLuminance,
  readHdrFile,
  resize,
  rotateQuarterTurns,
  writeHdrFile,
  type HdrImage,
} from '@hdr-lab/core';
import { createRandom } from '../random/index.js';
import { colourOnly } from '../synth/sample.js';
import { safeSegment } from '../sources/file-names.js';
import { planCrops, splitSources, type PlannedCrop } from './crop-plan.js';
import { findInputs, type PrepareInput } from './inputs.js';
import type { PrepareConfig } from './prepare-config.js';

/** Bumped whenever the same config and inputs would produce different samples. */
export const PREPARE_VERSION = '1';

export interface PreparedSample {
  readonly file: string;
  readonly split: 'train' | 'test';
  readonly source: string;
  readonly sourceSha256: string;
  readonly crop: PlannedCrop;
  readonly width: number;
  readonly height: number;
  /** The factor the sample was multiplied by (median-luminance normalisation), 1 without. */
  readonly scale: number;
}

export interface PrepareSummary {
  readonly identity: string;
  readonly out: string;
  readonly samples: number;
  readonly train: number;
  readonly test: number;
  /** True when the set already existed with this identity and nothing was written. */
  readonly reused: boolean;
  readonly skipped: readonly { source: string; reason: string }[];
}

/** The set's identity: the config's content (without where it is written) and every input's hash. */
function identityOf(config: PrepareConfig, inputs: readonly PrepareInput[]): string {
  const { out: _out, inputs: _inputs, ...settings } = config;
  const canonical = JSON.stringify({ version: PREPARE_VERSION, settings, inputs: inputs.map(({ name, sha256 }) => ({ name, sha256 })) });
  return createHash('sha256').update(canonical).digest('hex');
}

function sample(image: HdrImage, planned: PlannedCrop, outputSize: number | undefined, normalise: boolean): { image: HdrImage; scale: number } {
  let result: HdrImage = cropImage(image, planned.x, planned.y, planned.width, planned.height);
  if (outputSize !== undefined && (result.width !== outputSize || result.height !== outputSize)) result = resize(result, outputSize, outputSize);
  if (planned.flip) result = flipHorizontal(result);
  if (planned.quarterTurns) result = rotateQuarterTurns(result, planned.quarterTurns);
  if (!normalise) return { image: result, scale: 1 };
  const normalised = normaliseMedianLuminance(result);
  return { image: normalised.image, scale: normalised.scale };
}

async function existingIdentity(out: string): Promise<string | undefined> {
  try {
    return (JSON.parse(await readFile(join(out, 'prepared.json'), 'utf8')) as { identity?: string }).identity;
  } catch {
    return undefined;
  }
}

/**
 * Turns raw HDR images into a training set: seeded crops (random, patches or full), resize, flips and
 * quarter turns, median-luminance normalisation, a train / test split by source image, written as EXR
 * with `samples.jsonl` and `prepared.json` (identity, config, input hashes). Deterministic for a seed; a
 * set that already exists with the same identity is reused as it is. The set is built in a temporary
 * directory and renamed into place, so a failure or kill never leaves a half set under `out`.
 */
export async function prepare(config: PrepareConfig, onProgress?: (done: number, total: number, source: string) => void): Promise<PrepareSummary> {
  const inputs = await findInputs(config.inputs);
  const identity = identityOf(config, inputs);
  if ((await existingIdentity(config.out)) === identity) {
    const lines = (await readFile(join(config.out, 'samples.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as PreparedSample);
    const train = lines.filter((line) => line.split === 'train').length;
    return { identity, out: config.out, samples: lines.length, train, test: lines.length - train, reused: true, skipped: [] };
  }
  const random = createRandom(config.seed);
  const splits = splitSources(inputs, config.split.test, random.derive('split'), (input) => input.sha256);
  const building = `${config.out}.building-${identity.slice(0, 12)}`;
  await rm(building, { recursive: true, force: true });
  await mkdir(join(building, 'train'), { recursive: true });
  await mkdir(join(building, 'test'), { recursive: true });
  const samples: PreparedSample[] = [];
  const skipped: { source: string; reason: string }[] = [];
  const outputSize = config.crop.mode === 'patches' ? undefined : config.crop.size;
  for (const [index, input] of inputs.entries()) {
    onProgress?.(index, inputs.length, input.name);
    let image: HdrImage;
    try {
      image = colourOnly((await readHdrFile(input.path)).image);
    } catch (error) {
      skipped.push({ source: input.name, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const crops = planCrops(image.width, image.height, config.crop, config.augment, random.derive(`crops:${input.sha256}`));
    if (crops.length === 0) skipped.push({ source: input.name, reason: `${image.width}x${image.height} is smaller than one ${config.crop.size}-pixel patch` });
    const split = splits.get(input)!;
    const stem = safeSegment(parse(input.name).name) ?? 'image';
    for (const [k, planned] of crops.entries()) {
      const made = sample(image, planned, outputSize, config.normalise === 'median-luminance');
      const file = join(split, `${stem}-${input.sha256.slice(0, 8)}-${String(k).padStart(4, '0')}.exr`);
      // Float samples: after median normalisation a bright source (a candle flame) exceeds half's 65504.
      await writeHdrFile(join(building, file), made.image, { compression: 'zip', pixelType: 'float' });
      samples.push({ file, split, source: input.name, sourceSha256: input.sha256, crop: planned, width: made.image.width, height: made.image.height, scale: made.scale });
    }
  }
  onProgress?.(inputs.length, inputs.length, '');
  await writeFile(join(building, 'samples.jsonl'), samples.map((line) => JSON.stringify(line) + '\n').join(''));
  const record = { identity, version: PREPARE_VERSION, config, inputs: inputs.map(({ name, sha256 }) => ({ name, sha256 })), skipped };
  await writeFile(join(building, 'prepared.json'), JSON.stringify(record, null, 2) + '\n');
  await rm(config.out, { recursive: true, force: true });
  await rename(building, config.out);
  const train = samples.filter((line) => line.split === 'train').length;
  return { identity, out: config.out, samples: samples.length, train, test: samples.length - train, reused: false, skipped };
}
