import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHdrFile, type HdrImage } from '@hdr-lab/core';
import { extractFrames } from '../../src/frames/extract-frames.js';
import { readManifest } from '../../src/frames/manifest.js';
import { primariesConversionMatrix } from '../../src/frames/primaries.js';
import { pqEotf, pqInverseEotf } from '../../src/frames/transfer-functions.js';
import { BT2020_KR_KB, encodeVideo, x265Args } from './support/encode-video.js';
import { encodeFrames, logRamp, PATCH_COLOURS, pqSignal, rampAndPatches, WIDTH, type LinearFrames } from './support/test-frames.js';

const work = mkdtempSync(join(tmpdir(), 'frames-pq-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One 10-bit narrow-range code step of the non-linear signal. */
const CODE = 1 / 876;
/** Luma codes 118 .. 855 (0.1 .. 4000 cd/m2) exactly: no rounding anywhere in the grey ramp. */
const codeRamp = (pair: number) => pqEotf((118 + Math.round((pair * (855 - 118)) / 63) - 64) / 876);

const linear = rampAndPatches([logRamp(0.1, 4000), logRamp(0.05, 2000), codeRamp], PATCH_COLOURS);
const lossless = join(work, 'pq-lossless.mp4');
const lossy = join(work, 'pq-crf4.mp4');

beforeAll(async () => {
  const signal = { width: linear.width, height: linear.height, frames: encodeFrames(linear.frames, pqSignal) };
  await encodeVideo(lossless, signal, { bitDepth: 10, ...BT2020_KR_KB, codecArgs: x265Args('smpte2084', 'lossless') });
  await encodeVideo(lossy, signal, { bitDepth: 10, ...BT2020_KR_KB, codecArgs: x265Args('smpte2084', 4) });
});

/** Largest error over `pixels`: in the PQ signal, and relative in linear light (values of 1 cd/m2 or more). */
function errors(decoded: HdrImage, original: Float32Array, pixels: readonly [number, number][]): { signal: number; relative: number } {
  let signal = 0;
  let relative = 0;
  for (const [x, y] of pixels) {
    for (let c = 0; c < 3; c++) {
      const i = 3 * (y * WIDTH + x) + c;
      signal = Math.max(signal, Math.abs(pqInverseEotf(decoded.data[i]!) - pqInverseEotf(original[i]!)));
      if (original[i]! >= 1) relative = Math.max(relative, Math.abs(decoded.data[i]! - original[i]!) / original[i]!);
    }
  }
  return { signal, relative };
}

async function frames(video: string, name: string, options: { toBt709?: boolean; negatives?: 'keep' | 'clip'; pixelType?: 'half' | 'float' } = {}) {
  const outDir = join(work, name);
  const summary = await extractFrames(video, { outDir, pixelType: 'float', ...options });
  return Promise.all(summary.frames.map(async (record) => (await readHdrFile(join(outDir, record.file))).image));
}

function check(images: HdrImage[], frames: LinearFrames, bounds: { grey: number; colour: number }) {
  expect(images).toHaveLength(frames.frames.length);
  images.forEach((image, k) => {
    expect(errors(image, frames.frames[k]!, frames.grey).signal).toBeLessThanOrEqual(bounds.grey);
    expect(errors(image, frames.frames[k]!, frames.colour).signal).toBeLessThanOrEqual(bounds.colour);
  });
}

describe('PQ BT.2020 HEVC (libx265 10-bit 4:2:0) round trip', () => {
  it('lossless coding: grey within half a code (about 1.1% at 1 cd/m2, less above), colours within the Y′CbCr rounding bound', async () => {
    const images = await frames(lossless, 'lossless');
    // B' = Y' + 1.8814 Cb': half a luma code plus 1.8814 half chroma codes (chroma has 896 codes).
    check(images, linear, { grey: CODE / 2 + 1e-6, colour: 0.5 / 876 + (1.8814 * 0.5) / 896 + 1e-6 });
    expect(errors(images[0]!, linear.frames[0]!, linear.grey).relative).toBeLessThan(0.011);
  });

  it('lossless coding: grey on exact codes comes back to float precision (matrix, range and EOTF exact)', async () => {
    const [, , exact] = await frames(lossless, 'lossless');
    const { signal, relative } = errors(exact!, linear.frames[2]!, linear.grey);
    expect(signal).toBeLessThan(1e-6);
    expect(relative).toBeLessThan(1e-5);
  });

  it('CRF 4 coding: every value within 8 codes of the PQ signal (measured: 2.6 grey, 4.1 colour)', async () => {
    check(await frames(lossy, 'crf4'), linear, { grey: 8 * CODE, colour: 8 * CODE });
  });

  it('half-float EXR adds at most 2^-11 relative to the float result', async () => {
    const [full] = await frames(lossless, 'lossless');
    const [half] = await frames(lossless, 'half', { pixelType: 'half' });
    let worst = 0;
    full!.data.forEach((value, i) => {
      // Below 2^-14 half floats are subnormal: a fixed step of 2^-24 instead of a relative one.
      const error = Math.abs(half!.data[i]! - value);
      worst = Math.max(worst, value >= 2 ** -14 ? error / value : error / 2 ** -13);
    });
    expect(worst).toBeLessThanOrEqual(2 ** -11);
  });

  it('converts to BT.709 with the BT.2087 matrix, keeping or clipping negatives', async () => {
    const [source] = await frames(lossless, 'lossless');
    const [kept] = await frames(lossless, 'bt709', { toBt709: true });
    const [clipped] = await frames(lossless, 'bt709-clip', { toBt709: true, negatives: 'clip' });
    const m = primariesConversionMatrix('bt2020', 'bt709');
    let keptError = 0;
    let clippedError = 0;
    for (let i = 0; i < source!.data.length; i += 3) {
      const [r, g, b] = [source!.data[i]!, source!.data[i + 1]!, source!.data[i + 2]!];
      const want = [m[0] * r + m[1] * g + m[2] * b, m[3] * r + m[4] * g + m[5] * b, m[6] * r + m[7] * g + m[8] * b];
      for (let c = 0; c < 3; c++) {
        const scale = Math.max(Math.abs(want[c]!), 1);
        keptError = Math.max(keptError, Math.abs(kept!.data[i + c]! - want[c]!) / scale);
        clippedError = Math.max(clippedError, Math.abs(clipped!.data[i + c]! - Math.max(want[c]!, 0)) / scale);
      }
    }
    expect(keptError).toBeLessThan(1e-5);
    expect(clippedError).toBeLessThan(1e-5);
    expect(Math.min(...kept!.data)).toBeLessThan(-10);
    expect(Math.min(...clipped!.data)).toBe(0);
  });

  it('records source, timestamps, transfer, primaries and units in the manifest', async () => {
    const outDir = join(work, 'lossless');
    await extractFrames(lossless, { outDir, pixelType: 'float' });
    const records = await readManifest(outDir);
    const sha256 = createHash('sha256').update(readFileSync(lossless)).digest('hex');
    expect(records.map((r) => r.timestamp)).toEqual([0, 1 / 24, 2 / 24]);
    expect(records[1]).toMatchObject({
      file: 'frame_000001.exr',
      index: 1,
      timestampSource: 'ffmpeg-pts',
      input: lossless,
      source: { path: lossless, sha256 },
      width: 128,
      height: 64,
      transfer: 'pq',
      primaries: 'bt2020',
      sourcePrimaries: 'bt2020',
      units: 'cd/m2',
      peak: 10000,
      signal: {
        codec: 'hevc',
        pixFmt: 'yuv420p10le',
        matrix: 'bt2020nc',
        range: 'limited',
        tagged: { transfer: 'smpte2084', primaries: 'bt2020', matrix: 'bt2020nc', range: 'tv' },
        provenance: { transfer: 'tagged', primaries: 'tagged', matrix: 'tagged', range: 'tagged' },
      },
      options: { toBt709: false, negatives: 'keep', pixelType: 'float', compression: 'zip', identity: 'sha256' },
    });
    expect(records[1]!.ffmpeg).toMatch(/^\d+\.\d+/);
  });
});
