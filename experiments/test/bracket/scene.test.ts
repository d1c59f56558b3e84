import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHdrImage, writeHdrFile } from '@hdr-lab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBracketScene } from '../../src/bracket/scene.js';
import { UsageError } from '../../src/cli/errors.js';
import { HEIGHT, WIDTH, writeText, writeTiff16 } from './write-exposures.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hdr-lab-scene-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A scene folder in Kalantari's layout: three 16-bit TIFFs, exposure.txt and (optionally) ground truths. */
async function scene(name: string, groundTruths: readonly { file: string; width?: number; channels?: 3 | 4 }[]): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await Promise.all(['001.tif', '002.tif', '003.tif'].map((file, i) => writeTiff16(join(dir, file), i)));
  await writeText(join(dir, 'exposure.txt'), '0\n2\n4\n');
  for (const { file, width = WIDTH, channels = 3 } of groundTruths) {
    const data = Float32Array.from({ length: width * HEIGHT * channels }, (_, i) => 0.5 + i);
    await writeHdrFile(join(dir, file), createHdrImage(width, HEIGHT, channels, data), { pixelType: 'float' });
  }
  return dir;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(UsageError);
  return error as Error;
}

describe('readBracketScene', () => {
  it('reads the bracket and its one ground truth, dropping alpha', async () => {
    const dir = await scene('good', [{ file: 'HDRImg.exr', channels: 4 }]);
    const lines: string[] = [];
    const result = await readBracketScene(dir, { expected: 3, log: (line) => lines.push(line) });
    expect(result.exposures.map((exposure) => exposure.time)).toEqual([1, 4, 16]);
    expect(result.groundTruthFile).toBe(join(dir, 'HDRImg.exr'));
    expect(result.groundTruth).toMatchObject({ width: WIDTH, height: HEIGHT, channels: 3 });
    expect(Array.from(result.groundTruth.data.subarray(0, 6))).toEqual([0.5, 1.5, 2.5, 4.5, 5.5, 6.5]);
    expect(lines.at(-1)).toBe(`  ground truth ${join(dir, 'HDRImg.exr')}: ${WIDTH}x${HEIGHT}`);
  });

  it('refuses a scene without a ground truth, with several, or with one of another size', async () => {
    const none = await scene('none', []);
    expect((await failure(readBracketScene(none))).message).toBe(
      `${none}: no ground-truth HDR file (.hdr, .rgbe, .pic, .exr, .pfm); a training scene holds its exposures, their times and one HDR image`,
    );
    const several = await scene('several', [{ file: 'HDRImg.hdr' }, { file: 'gt.pfm' }]);
    expect((await failure(readBracketScene(several))).message).toMatch(/several HDR files \(gt\.pfm, HDRImg\.hdr\); a training scene holds exactly one ground truth/);
    const wrongSize = await scene('size', [{ file: 'HDRImg.hdr', width: WIDTH + 2 }]);
    expect((await failure(readBracketScene(wrongSize))).message).toBe(
      `${join(wrongSize, 'HDRImg.hdr')} is ${WIDTH + 2}x${HEIGHT} but the exposures are ${WIDTH}x${HEIGHT}; the ground truth must be aligned to the reference exposure at the same size`,
    );
  });

  it('passes the bracket checks on, naming the scene folder', async () => {
    const dir = await scene('two', [{ file: 'HDRImg.hdr' }]);
    await rm(join(dir, '003.tif'));
    await writeText(join(dir, 'exposure.txt'), '0\n2\n');
    expect((await failure(readBracketScene(dir, { expected: 3 }))).message).toMatch(new RegExp(`^${dir}: needs 3 exposures, got 2: 001\\.tif, 002\\.tif`));
  });
});
