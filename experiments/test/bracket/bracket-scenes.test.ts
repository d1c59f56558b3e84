import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHdrImage, initEngine, writeHdrFile } from '@hdr-lab/core';
import { createRandom } from '@hdr-lab/datasets';
import type { ExampleArray, ExampleSource, ModelData } from '@hdr-lab/models';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bracketDataIdentity, bracketSceneBatches, loadBracketScenes, sceneExample, type BracketScene } from '../../src/train/bracket-scenes.js';
import { writePng } from './write-exposures.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-bracket-scenes-'));
beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Pixel value = its own position, so a crop, flip or turn can be read back from the values. */
const positions = (width: number, height: number, offset: number) =>
  createHdrImage(width, height, 3, Float32Array.from({ length: width * height * 3 }, (_, i) => offset + Math.floor(i / 3)));

const scene: BracketScene = {
  name: 'positions',
  exposures: [0.01, 0.04, 0.16].map((time, index) => ({ image: positions(12, 10, 1000 * (index + 1)), time })),
  groundTruth: positions(12, 10, 0),
};

const asArrays = (source: ExampleSource): Record<string, ExampleArray> => ({
  target: { data: source.groundTruth.data, shape: [source.groundTruth.height, source.groundTruth.width, 3] },
  times: { data: Float32Array.from(source.exposures.map((exposure) => exposure.time)), shape: [1, 1, 3] },
  ...Object.fromEntries(source.exposures.map((exposure, index) => [`ldr${index}`, { data: exposure.image.data, shape: [exposure.image.height, exposure.image.width, 3] }])),
});
const data: ModelData = { synth: 'hdr-gan', example: (source) => asArrays(source) };

describe('bracket scenes as training data', () => {
  it('crops, flips and turns the exposures and the ground truth alike, times relative to the shortest', () => {
    for (let k = 0; k < 8; k++) {
      const example = sceneExample(scene, 6, createRandom(k));
      expect(example.exposures.map((exposure) => exposure.time)).toEqual([1, 4, 16]);
      expect(example.referenceIndex).toBe(1);
      example.exposures.forEach((exposure, index) => {
        expect(Array.from(exposure.image.data, (value) => value - 1000 * (index + 1))).toEqual(Array.from(example.groundTruth.data));
      });
    }
    const orientations = new Set(Array.from({ length: 16 }, (_, k) => Array.from(sceneExample(scene, 6, createRandom(k)).groundTruth.data.slice(0, 6)).join()));
    expect(orientations.size).toBeGreaterThan(4);
    expect(() => sceneExample(scene, 16, createRandom(0))).toThrow(/data\.crop: 16 px is larger than scene positions \(12x10\)/);
  });

  it('batch i depends only on the seed and i, so a resumed stream continues the uninterrupted one', async () => {
    const take = async (skipBatches: number, count: number) => {
      const out: number[][] = [];
      const stream = bracketSceneBatches({ scenes: [scene], data, batchSize: 2, crop: 6, seed: 3, skipBatches });
      for (let i = 0; i < count; i++) {
        const batch = (await stream.next()).value as Record<string, tf.Tensor4D>;
        expect(batch['target']!.shape).toEqual([2, 6, 6, 3]);
        out.push(Array.from(batch['target']!.dataSync()));
        tf.dispose(Object.values(batch));
      }
      await stream.return(undefined);
      return out;
    };
    const whole = await take(0, 4);
    expect(await take(2, 2)).toEqual(whole.slice(2));
    expect(whole[0]).not.toEqual(whole[1]);
  });

  it('reads a folder of scene folders and identifies it by content', async () => {
    const root = join(work, 'scenes');
    for (const name of ['001', '002']) {
      const dir = join(root, name);
      for (const [index, file] of ['a.png', 'b.png', 'c.png'].entries()) await writePng(join(dir, file), index + (name === '002' ? 10 : 0));
      await writeFile(join(dir, 'exposure.txt'), '0\n2\n4\n');
      await writeHdrFile(join(dir, 'HDRImg.exr'), positions(8, 6, 0));
    }
    const lines: string[] = [];
    const scenes = await loadBracketScenes(root, 3, (line) => lines.push(line));
    expect(scenes.map((loaded) => [loaded.name, loaded.exposures.map((exposure) => exposure.time)])).toEqual([
      ['001', [1, 4, 16]],
      ['002', [1, 4, 16]],
    ]);
    expect(lines).toEqual(['brackets [1/2] 001: 8x6', 'brackets [2/2] 002: 8x6']);
    const identity = await bracketDataIdentity(root, 6);
    expect(await bracketDataIdentity(root, 6)).toBe(identity);
    expect(await bracketDataIdentity(root, 4)).not.toBe(identity);
    await writeFile(join(root, '002', 'exposure.txt'), '0\n2\n3\n');
    expect(await bracketDataIdentity(root, 6)).not.toBe(identity);
    await expect(loadBracketScenes(join(root, '001'), 3, () => undefined)).rejects.toThrow(/has no scene folders/);
  });
});
