import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readHdrFile, type HdrImage } from '@hdr-lab/core';
import * as tf from '@tensorflow/tfjs';
import { createRandom, type Random, type Seed } from '../random/index.js';
import type { PreparedSample } from '../prepare/prepare.js';

/** One named array of an example, e.g. the LDR input or the HDR target, HWC. */
export interface ExampleArray {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/**
 * Makes one example from a prepared sample (synthesising the model's inputs from the HDR image); every
 * example of a loader must give the same names and shapes. `random` is the sample's own stream for this
 * epoch, so synthesis is reproducible whatever the prefetch order.
 */
export type ExampleMaker = (
  image: HdrImage,
  sample: PreparedSample,
  random: Random,
) => Readonly<Record<string, ExampleArray>> | Promise<Readonly<Record<string, ExampleArray>>>;

export interface LoaderOptions {
  /** A directory written by `prepare`. */
  readonly dir: string;
  readonly split: 'train' | 'test';
  readonly batchSize: number;
  readonly example: ExampleMaker;
  readonly seed?: Seed;
  /** Reshuffle the samples every epoch (default true for train, false for test). */
  readonly shuffle?: boolean;
  /** Passes over the set (default 1; Infinity to stream until the consumer stops). */
  readonly epochs?: number;
  /** Samples read and made ahead of the consumer (default 2 batches). */
  readonly prefetch?: number;
  /** Leave out a last batch smaller than batchSize (default true for train). */
  readonly dropLast?: boolean;
  /**
   * Start after this many batches (counted across epochs), as a resumed run does: the batches that follow
   * are those an uninterrupted stream would give, and the skipped ones are never read or synthesised.
   */
  readonly skipBatches?: number;
}

/** A batch: one tensor per example name, [batch, ...shape]; the consumer disposes them (`disposeBatch`). */
export interface Batch {
  readonly tensors: Readonly<Record<string, tf.Tensor>>;
  readonly samples: readonly PreparedSample[];
  readonly epoch: number;
  readonly index: number;
}

export function disposeBatch(batch: Batch): void {
  for (const tensor of Object.values(batch.tensors)) tensor.dispose();
}

async function readSamples(dir: string, split: 'train' | 'test'): Promise<PreparedSample[]> {
  let text: string;
  try {
    text = await readFile(join(dir, 'samples.jsonl'), 'utf8');
  } catch {
    throw new Error(`'${dir}' is not a prepared set (no samples.jsonl): run hdr-lab prepare first`);
  }
  const samples = text.trim().split('\n').map((line) => JSON.parse(line) as PreparedSample).filter((sample) => sample.split === split);
  if (samples.length === 0) throw new Error(`'${dir}' has no ${split} samples`);
  return samples;
}

function order(count: number, random: Random): number[] {
  const indices = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = random.int(0, i);
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return indices;
}

function stack(examples: readonly Readonly<Record<string, ExampleArray>>[], samples: readonly PreparedSample[]): Record<string, tf.Tensor> {
  const names = Object.keys(examples[0]!);
  const arrays: [string, Float32Array, number[]][] = [];
  for (const name of names) {
    const shape = examples[0]![name]!.shape;
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size * examples.length);
    examples.forEach((example, index) => {
      const array = example[name];
      if (!array || array.shape.length !== shape.length || array.shape.some((d, k) => d !== shape[k]) || array.data.length !== size) {
        throw new Error(`example '${name}' of ${samples[index]!.file} has shape [${array?.shape.join(', ')}], expected [${shape.join(', ')}] like the first of its batch`);
      }
      data.set(array.data, index * size);
    });
    arrays.push([name, data, [examples.length, ...shape]]);
  }
  // Tensors only once every example has checked out, so a bad one leaves nothing allocated.
  return Object.fromEntries(arrays.map(([name, data, shape]) => [name, tf.tensor(data, shape)]));
}

/**
 * Streams batches from a prepared set: a seeded shuffle per epoch, examples made `prefetch` samples ahead
 * of the consumer while it trains, tensors created only when a batch is handed over (a consumer that stops
 * early leaks nothing).
 */
export async function* loadBatches(options: LoaderOptions): AsyncGenerator<Batch> {
  const samples = await readSamples(options.dir, options.split);
  const train = options.split === 'train';
  const shuffle = options.shuffle ?? train;
  const dropLast = options.dropLast ?? train;
  const epochs = options.epochs ?? 1;
  const prefetch = Math.max(1, options.prefetch ?? options.batchSize * 2);
  if (!(Number.isInteger(options.batchSize) && options.batchSize > 0)) throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
  const skip = options.skipBatches ?? 0;
  if (!(Number.isInteger(skip) && skip >= 0)) throw new RangeError(`skipBatches must be a whole number, got ${skip}`);
  const random = createRandom(options.seed ?? 0);
  const usable = dropLast ? samples.length - (samples.length % options.batchSize) : samples.length;
  const batchesPerEpoch = Math.ceil(usable / options.batchSize);
  if (batchesPerEpoch === 0) throw new Error(`'${options.dir}' has ${samples.length} ${options.split} samples, fewer than one batch of ${options.batchSize}`);
  const firstEpoch = Math.floor(skip / batchesPerEpoch);
  for (let epoch = firstEpoch; epoch < epochs; epoch++) {
    const epochRandom = random.derive(`epoch:${epoch}`);
    const indices = shuffle ? order(samples.length, epochRandom.derive('order')) : samples.map((_, i) => i);
    const firstBatch = epoch === firstEpoch ? skip - firstEpoch * batchesPerEpoch : 0;
    const make = async (position: number) => {
      const sample = samples[indices[position]!]!;
      const { image } = await readHdrFile(join(options.dir, sample.file));
      return { sample, example: await options.example(image, sample, epochRandom.derive(sample.file)) };
    };
    const pending: Promise<Awaited<ReturnType<typeof make>>>[] = [];
    let next = firstBatch * options.batchSize;
    const fill = () => {
      while (next < usable && pending.length < prefetch) {
        const made = make(next++);
        // Awaited in order below; a consumer that stops early must not leave an unhandled rejection behind.
        made.catch(() => undefined);
        pending.push(made);
      }
    };
    for (let start = next, index = firstBatch; start < usable; start += options.batchSize, index++) {
      fill();
      const count = Math.min(options.batchSize, usable - start);
      const made = [];
      for (let k = 0; k < count; k++) {
        made.push(await pending.shift()!);
        fill();
      }
      const batchSamples = made.map((item) => item.sample);
      yield { tensors: stack(made.map((item) => item.example), batchSamples), samples: batchSamples, epoch, index };
    }
  }
}
