import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ConfigError, crop, flipHorizontal, rotateQuarterTurns, type HdrImage } from '@hdr-lab/core';
import { createRandom, sha256OfFile, type Random } from '@hdr-lab/datasets';
import type { ExampleArray, ExampleSource, ModelData, TrainingBatch } from '@hdr-lab/models';
import * as tf from '@tensorflow/tfjs';
import { readBracketScene } from '../bracket/scene.js';

/** A captured training scene: its exposures (shortest first) and the ground truth in the reference's geometry. */
export interface BracketScene {
  readonly name: string;
  readonly exposures: readonly { readonly image: HdrImage; readonly time: number }[];
  readonly groundTruth: HdrImage;
}

/**
 * The scenes of a bracket dataset (Kalantari's layout: one folder per scene with its exposures, their
 * times and the ground-truth HDR), read once and kept in memory as the official HDR-GAN loader does.
 */
export async function loadBracketScenes(dir: string, expected: number, log: (line: string) => void): Promise<BracketScene[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => {
    throw new ConfigError(`data.brackets: '${dir}' is not a readable folder; give a folder with one sub-folder per scene`);
  });
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  if (folders.length === 0) throw new ConfigError(`data.brackets: '${dir}' has no scene folders; each scene is a folder with ${expected} exposures, their times and a ground-truth HDR file`);
  const scenes: BracketScene[] = [];
  for (const [index, name] of folders.entries()) {
    const scene = await readBracketScene(join(dir, name), { expected });
    scenes.push({ name, exposures: scene.exposures, groundTruth: scene.groundTruth });
    log(`brackets [${index + 1}/${folders.length}] ${name}: ${scene.groundTruth.width}x${scene.groundTruth.height}`);
  }
  return scenes;
}

/** The content of a bracket dataset, for the run's identity: every file's path and SHA-256, so copies keep it. */
export async function bracketDataIdentity(dir: string, crop: number): Promise<string> {
  const hash = createHash('sha256').update(`brackets crop ${crop}\n`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
  for (const file of files) hash.update(`${relative(dir, file)} ${await sha256OfFile(file)}\n`);
  return hash.digest('hex');
}

/** The same crop, flip and quarter turn applied to an image. */
function transform(image: HdrImage, x: number, y: number, size: number, flip: boolean, quarterTurns: number): HdrImage {
  const cut = crop(image, x, y, size, size);
  return rotateQuarterTurns(flip ? flipHorizontal(cut) : cut, quarterTurns);
}

/**
 * One training example from a scene as the official HDR-GAN loader makes it: a random square crop, a
 * random quarter turn and a random horizontal flip, shared by the exposures and the ground truth. Times are
 * relative to the shortest exposure, which is the convention of the models' inputs.
 */
export function sceneExample(scene: BracketScene, size: number, random: Random): ExampleSource {
  const { width, height } = scene.groundTruth;
  if (width < size || height < size) throw new ConfigError(`data.crop: ${size} px is larger than scene ${scene.name} (${width}x${height}); lower data.crop`);
  const x = random.int(0, width - size);
  const y = random.int(0, height - size);
  const flip = random.uniform() < 0.5;
  const quarterTurns = random.int(0, 3);
  const shortest = Math.min(...scene.exposures.map((exposure) => exposure.time));
  return {
    groundTruth: transform(scene.groundTruth, x, y, size, flip, quarterTurns),
    exposures: scene.exposures.map((exposure) => ({
      label: `t ${exposure.time}`,
      stops: Math.log2(exposure.time / shortest),
      time: exposure.time / shortest,
      image: transform(exposure.image, x, y, size, flip, quarterTurns),
    })),
    referenceIndex: Math.floor(scene.exposures.length / 2),
  };
}

function stack(examples: readonly Readonly<Record<string, ExampleArray>>[]): TrainingBatch {
  return Object.fromEntries(
    Object.keys(examples[0]!).map((name) => {
      const shape = examples[0]![name]!.shape as [number, number, number];
      const size = shape[0] * shape[1] * shape[2];
      const data = new Float32Array(size * examples.length);
      examples.forEach((example, index) => data.set(example[name]!.data, index * size));
      return [name, tf.tensor4d(data, [examples.length, ...shape])];
    }),
  );
}

export interface BracketBatchOptions {
  readonly scenes: readonly BracketScene[];
  readonly data: ModelData;
  readonly batchSize: number;
  readonly crop: number;
  readonly seed: number;
  /** Batches already trained on: batch i depends only on (seed, i), so a resumed run continues the same stream. */
  readonly skipBatches: number;
}

/** Endless training batches from captured scenes: each example a random scene, crop and orientation. */
export async function* bracketSceneBatches(options: BracketBatchOptions): AsyncGenerator<TrainingBatch> {
  const root = createRandom(options.seed).derive('brackets');
  for (let index = options.skipBatches; ; index++) {
    const random = root.derive(`batch:${index}`);
    const examples = Array.from({ length: options.batchSize }, (_, k) => {
      const own = random.derive(k);
      const scene = options.scenes[own.int(0, options.scenes.length - 1)]!;
      const draws = own.derive('model');
      return options.data.example(sceneExample(scene, options.crop, own.derive('crop')), (count) => draws.int(0, count - 1));
    });
    yield stack(examples);
  }
}
