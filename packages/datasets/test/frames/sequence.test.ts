import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHdrImage, readHdrFile, writeHdrFile } from '@hdr-lab/core';
import { extractFrames } from '../../src/frames/extract-frames.js';
import type { ExtractFramesOptions } from '../../src/frames/options.js';
import { primariesConversionMatrix } from '../../src/frames/primaries.js';
import { listSequenceFrames } from '../../src/frames/sequence-input.js';

const work = mkdtempSync(join(tmpdir(), 'frames-sequence-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** 30 frames in three shots (1, 20 and 0.05 relative); frame n carries n in its blue channel. */
const FRAMES = 30;
const SHOTS = [1, 20, 0.05];
const folder = join(work, 'shots');
const padded = join(work, 'padded');

beforeAll(async () => {
  mkdirSync(folder);
  mkdirSync(padded);
  for (let n = 0; n < FRAMES; n++) {
    const image = createHdrImage(16, 8, 3);
    for (let p = 0; p < 16 * 8; p++) image.data.set([SHOTS[Math.floor(n / 10)]!, SHOTS[Math.floor(n / 10)]! * 0.5, n], 3 * p);
    // Unpadded names: a plain sort would put f10 before f2.
    await writeHdrFile(join(folder, `f${n}.exr`), image, { pixelType: 'float' });
    await writeHdrFile(join(padded, `shot_${String(n + 1).padStart(3, '0')}.pfm`), image);
  }
  await writeHdrFile(join(padded, 'shot_1000.pfm'), createHdrImage(4, 4, 3));
});

async function extract(input: string, name: string, options: Partial<ExtractFramesOptions> = {}) {
  const outDir = join(work, 'out', name);
  const summary = await extractFrames(input, { outDir, pixelType: 'float', ...options });
  const images = await Promise.all(summary.frames.map(async (record) => (await readHdrFile(join(outDir, record.file))).image));
  return { summary, images, numbers: images.map((image) => image.data[2]) };
}

describe('frame sequences', () => {
  it('reads a folder in natural order with timestamps from the input rate (24 by default), recorded as such', async () => {
    const { summary, numbers } = await extract(folder, 'all');
    expect(numbers).toEqual(Array.from({ length: FRAMES }, (_, n) => n));
    expect(summary.kind).toBe('sequence');
    expect(summary.frames[5]).toMatchObject({
      timestamp: 5 / 24,
      timestampSource: 'input-fps',
      transfer: 'linear',
      units: 'relative',
      referenceWhite: 100,
      primaries: 'bt709',
      source: { path: join(folder, 'f5.exr') },
      options: { inputFps: 24, primariesFrom: 'assumed' },
    });
    expect(summary.frames[5]!.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('applies --every, --fps, --max-frames and --input-fps as for videos', async () => {
    expect((await extract(folder, 'every', { every: 7 })).numbers).toEqual([0, 7, 14, 21, 28]);
    expect((await extract(folder, 'fps', { fps: 10 })).numbers).toEqual([0, 3, 5, 8, 10, 12, 15, 17, 20, 22, 24, 27, 29]);
    const { summary, numbers } = await extract(folder, 'fps-30', { fps: 10, inputFps: 30, maxFrames: 4 });
    expect(numbers).toEqual([0, 3, 6, 9]);
    expect(summary.frames.map((record) => record.timestamp)).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('keeps the first frame of each shot with --scene-threshold', async () => {
    expect((await extract(folder, 'scene', { sceneThreshold: 0.1 })).numbers).toEqual([0, 10, 20]);
  });

  it('reads a printf pattern in number order, only names of the pattern width', async () => {
    const { numbers, summary } = await extract(join(padded, 'shot_%03d.pfm'), 'pattern', { every: 10 });
    expect(numbers).toEqual([0, 10, 20]);
    expect(summary.frames[2]!.source.path).toBe(join(padded, 'shot_021.pfm'));
    expect(await listSequenceFrames(join(padded, 'shot_%d.pfm'))).toHaveLength(FRAMES + 1);
  });

  it('converts declared BT.2020 frames to BT.709', async () => {
    const { images, summary } = await extract(folder, 'bt709', { primaries: 'bt2020', toBt709: true, maxFrames: 1 });
    const m = primariesConversionMatrix('bt2020', 'bt709');
    expect(images[0]!.data[0]).toBeCloseTo(m[0] * 1 + m[1] * 0.5 + m[2] * 0, 5);
    expect(summary.frames[0]).toMatchObject({ primaries: 'bt709', sourcePrimaries: 'bt2020', options: { primariesFrom: 'option' } });
  });

  it('refuses video-signal options and empty inputs', async () => {
    await expect(extract(folder, 'bad', { transfer: 'pq' })).rejects.toMatchObject({ code: 'invalid-option', message: /--transfer describes a video signal/ });
    await expect(extract(join(work, 'none_%04d.exr'), 'none')).rejects.toMatchObject({ code: 'no-frames', message: /no \.exr\/\.hdr\/\.pfm frames found/ });
    await expect(extract(join(work, 'missing', 'f_%04d.exr'), 'missing')).rejects.toMatchObject({ code: 'ENOENT' });
    mkdirSync(join(work, 'empty'));
    await expect(extract(join(work, 'empty'), 'empty')).rejects.toMatchObject({ code: 'no-frames' });
  });
});
