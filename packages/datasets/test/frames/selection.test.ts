import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHdrFile } from '@hdr-lab/core';
import { extractFrames } from '../../src/frames/extract-frames.js';
import type { ExtractFramesOptions } from '../../src/frames/options.js';
import { checkSelection, RateSelector, selectionFilters } from '../../src/frames/selection.js';
import { pqInverseEotf } from '../../src/frames/transfer-functions.js';
import { BT2020_KR_KB, encodeVideo, x265Args } from './support/encode-video.js';

const work = mkdtempSync(join(tmpdir(), 'frames-select-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** 30 flat grey frames at 24 fps in three shots; frame k has luma code SHOTS[k / 10] + 2 (k mod 10). */
const SHOTS = [200, 500, 800];
const FRAMES = 30;
const video = join(work, 'shots.mp4');

beforeAll(async () => {
  const frames = Array.from({ length: FRAMES }, (_, k) => new Float32Array(64 * 32 * 3).fill((SHOTS[Math.floor(k / 10)]! + 2 * (k % 10) - 64) / 876));
  await encodeVideo(video, { width: 64, height: 32, frames }, { bitDepth: 10, ...BT2020_KR_KB, codecArgs: x265Args('smpte2084', 'lossless') });
});

/** Which source frame each output frame is, read back from its grey level, and the recorded timestamps. */
async function extract(name: string, selection: Partial<ExtractFramesOptions>) {
  const outDir = join(work, name);
  const summary = await extractFrames(video, { outDir, identity: 'stat', ...selection });
  const numbers = await Promise.all(
    summary.frames.map(async (record) => {
      const { image } = await readHdrFile(join(outDir, record.file));
      const code = Math.round(pqInverseEotf(image.data[0]!) * 876 + 64);
      const shot = SHOTS.findIndex((base) => code >= base && code < base + 20);
      return shot * 10 + (code - SHOTS[shot]!) / 2;
    }),
  );
  return { numbers, timestamps: summary.frames.map((record) => record.timestamp) };
}

describe('frame selection on a video', () => {
  it('keeps every frame by default, with timestamps n / 24 from ffmpeg', async () => {
    const { numbers, timestamps } = await extract('all', {});
    expect(numbers).toEqual(Array.from({ length: FRAMES }, (_, k) => k));
    timestamps.forEach((t, k) => expect(t).toBeCloseTo(k / 24, 9));
  });

  it('--every 7 keeps frames 0, 7, 14, 21, 28', async () => {
    const { numbers, timestamps } = await extract('every', { every: 7 });
    expect(numbers).toEqual([0, 7, 14, 21, 28]);
    expect(timestamps.map((t) => Math.round(t * 24))).toEqual(numbers);
  });

  it('--fps 10 keeps the first frame at or after each tenth of a second, with its own timestamp', async () => {
    const { numbers, timestamps } = await extract('fps', { fps: 10 });
    expect(numbers).toEqual([0, 3, 5, 8, 10, 12, 15, 17, 20, 22, 24, 27, 29]);
    timestamps.forEach((t, i) => expect(t).toBeCloseTo(numbers[i]! / 24, 9));
  });

  it('--scene-threshold keeps the first frame and the first of each shot', async () => {
    expect((await extract('scene', { sceneThreshold: 0.1 })).numbers).toEqual([0, 10, 20]);
    expect((await extract('scene-every', { sceneThreshold: 0.1, every: 2 })).numbers).toEqual([0, 10, 20]);
  });

  it('--max-frames stops after M frames', async () => {
    expect((await extract('max', { every: 2, maxFrames: 4 })).numbers).toEqual([0, 2, 4, 6]);
  });
});

describe('selection options', () => {
  it('builds ffmpeg select filters with escaped commas', () => {
    expect(selectionFilters({ every: 5, sceneThreshold: 0.3 })).toEqual([`select='not(mod(n\\,5))'`, `select='eq(n\\,0)+gt(scene\\,0.3)'`]);
    expect(selectionFilters({ every: 1 })).toEqual([]);
  });

  it('refuses contradictory or out-of-range values, naming the option', () => {
    expect(() => checkSelection({ every: 2, fps: 5 })).toThrow(/--every and --fps/);
    expect(() => checkSelection({ every: 0 })).toThrow(/--every must be a positive integer/);
    expect(() => checkSelection({ fps: -1 })).toThrow(/--fps/);
    expect(() => checkSelection({ sceneThreshold: 1.5 })).toThrow(/--scene-threshold must lie between 0 and 1/);
    expect(() => checkSelection({ maxFrames: 2.5 })).toThrow(/--max-frames/);
  });

  it('selects by rate for frame sequences as the filters do for videos', () => {
    const selector = new RateSelector({ fps: 10 });
    const kept = Array.from({ length: 30 }, (_, n) => n).filter((n) => selector.keeps(n, n / 24));
    expect(kept).toEqual([0, 3, 5, 8, 10, 12, 15, 17, 20, 22, 24, 27, 29]);
  });
});
