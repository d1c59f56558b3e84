import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rangeLevel } from '@hdr-lab/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeBatch, loadBatches, parseSynthPipeline, prepare, synthExample, SYNTH_PRESETS, type ExampleMaker } from '../../src/index.js';

const SAMPLES = fileURLToPath(new URL('../../../../data/samples/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hdr-lab-loader-'));
const dir = join(work, 'set');
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  await tf.setBackend('cpu');
  await prepare({
    name: 'loader',
    inputs: [SAMPLES],
    out: dir,
    seed: 3,
    crop: { mode: 'random', count: 3, side: [0.5, 1], size: 16 },
    augment: { flip: true, rotate: false },
    normalise: 'median-luminance',
    split: { test: 0.34 },
  });
});

/** The hybrid-loss input: a range-wise level drawn per sample (2^-8 ... 2^-4), and the HDR target. */
const rangewiseExample: ExampleMaker = (image, _sample, random) => {
  const level = random.int(4, 8);
  return {
    input: { data: Float32Array.from(rangeLevel(image, level), (code) => code / 255), shape: [image.height, image.width, 3] },
    target: { data: image.data, shape: [image.height, image.width, 3] },
  };
};

async function collect(options: Partial<Parameters<typeof loadBatches>[0]> = {}) {
  const batches = [];
  for await (const batch of loadBatches({ dir, split: 'train', batchSize: 4, example: rangewiseExample, seed: 1, ...options })) {
    batches.push({ files: batch.samples.map((s) => s.file), input: Array.from(batch.tensors['input']!.dataSync()), shape: batch.tensors['target']!.shape, epoch: batch.epoch });
    disposeBatch(batch);
  }
  return batches;
}

describe('the loader', () => {
  it('yields [batch, H, W, C] tensors for each example name, full batches only for training', async () => {
    const batches = await collect();
    expect(batches).toHaveLength(3);
    expect(batches.every((b) => b.shape.join() === '4,16,16,3')).toBe(true);
    expect(new Set(batches.flatMap((b) => b.files)).size).toBe(12);
  });

  it('is reproducible for a seed, reshuffles every epoch, and keeps the test split in order', async () => {
    const [a, b] = [await collect({ epochs: 2 }), await collect({ epochs: 2 })];
    expect(b).toEqual(a);
    expect(a.slice(0, 3).flatMap((x) => x.files)).not.toEqual(a.slice(3).flatMap((x) => x.files));
    expect((await collect({ seed: 2 })).flatMap((x) => x.files)).not.toEqual(a.slice(0, 3).flatMap((x) => x.files));
    const test = await collect({ split: 'test' });
    expect(test.flatMap((x) => x.files)).toEqual([...test.flatMap((x) => x.files)].sort());
    expect(test.at(-1)!.shape[0]).toBe(6 - 4);
  });

  it('skips batches as a resumed run does: the rest of the stream is unchanged, across epochs', async () => {
    const whole = await collect({ epochs: 3 });
    expect(whole).toHaveLength(9);
    for (const skip of [1, 3, 4, 8]) expect(await collect({ epochs: 3, skipBatches: skip })).toEqual(whole.slice(skip));
    expect(await collect({ epochs: 3, skipBatches: 9 })).toEqual([]);
    await expect(collect({ skipBatches: -1 })).rejects.toThrow(/skipBatches/);
  });

  it('leaks no tensors, also when the consumer stops early', async () => {
    const before = tf.memory().numTensors;
    await collect({ epochs: 2 });
    for await (const batch of loadBatches({ dir, split: 'train', batchSize: 2, example: rangewiseExample, epochs: Infinity })) {
      disposeBatch(batch);
      if (batch.index === 2) break;
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a sample whose example has another shape, and a directory that is not a prepared set', async () => {
    const length = (file: string) => (file.endsWith('-0000.exr') ? 3 : 4);
    const uneven: ExampleMaker = (_image, sample) => ({ x: { data: new Float32Array(length(sample.file)), shape: [length(sample.file)] } });
    await expect(collect({ example: uneven, shuffle: false, batchSize: 12 })).rejects.toThrow(/example 'x' of train\/.+\.exr has shape \[[34]\], expected \[[34]\] like the first of its batch/);
    await expect(collect({ dir: work })).rejects.toThrow('is not a prepared set (no samples.jsonl): run hdr-lab prepare first');
  });

  it('feeds synthesis pipelines: one range-wise level for the hybrid loss, brackets and companions for HDR-GAN', async () => {
    const level = synthExample(parseSynthPipeline(SYNTH_PRESETS['hybrid-loss']), {
      pick: (sample, random) => [random.int(1, sample.exposures.length - 1)],
    });
    const bracket = synthExample(parseSynthPipeline(SYNTH_PRESETS['hdr-gan']));
    const shapes = async (example: ExampleMaker) => {
      for await (const batch of loadBatches({ dir, split: 'train', batchSize: 4, example, seed: 5 })) {
        const result = Object.fromEntries(Object.entries(batch.tensors).map(([name, tensor]) => [name, tensor.shape.join('x')]));
        const values = Array.from(batch.tensors['input']!.dataSync().slice(0, 8));
        disposeBatch(batch);
        return { result, values };
      }
    };
    expect((await shapes(level))!.result).toEqual({ input: '4x16x16x3', target: '4x16x16x3' });
    const first = await shapes(bracket);
    expect(first!.result).toEqual({ input: '4x16x16x9', target: '4x16x16x3', companions: '4x16x16x9' });
    expect(await shapes(bracket)).toEqual(first);
  });
});
