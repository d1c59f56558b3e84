import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHdrFile, type HdrImage } from '@hdr-lab/core';
import { extractFrames } from '../../src/frames/extract-frames.js';
import { hlgOetf } from '../../src/frames/transfer-functions.js';
import { BT2020_KR_KB, BT709_KR_KB, encodeVideo, x265Args } from './support/encode-video.js';
import { encodeFrames, logRamp, PATCH_COLOURS, rampAndPatches, WIDTH, type LinearFrames } from './support/test-frames.js';

const work = mkdtempSync(join(tmpdir(), 'frames-hlg-sdr-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Display light (cd/m2, 1000 cd/m2 display) -> HLG signal: inverse BT.2100 OOTF (gamma 1.2), then the OETF. */
function hlgSignal(r: number, g: number, b: number): [number, number, number] {
  const display = 0.2627 * r + 0.678 * g + 0.0593 * b;
  const scene = Math.pow(display / 1000, 1 / 1.2);
  const gain = scene > 0 ? 1000 * Math.pow(scene, 0.2) : 1;
  return [hlgOetf(r / gain), hlgOetf(g / gain), hlgOetf(b / gain)];
}

/** Relative scene light -> BT.709 OETF signal (BT.2020's exact alpha and beta). */
function bt709Oetf(value: number): number {
  const [alpha, beta] = [1.09929682680944, 0.018053968510807];
  return value < beta ? 4.5 * value : alpha * Math.pow(value, 0.45) - (alpha - 1);
}

/** Largest per-channel difference in the signal domain given by `encode`. */
function signalError(image: HdrImage, original: Float32Array, pixels: readonly [number, number][], encode: (r: number, g: number, b: number) => number[]): number {
  let worst = 0;
  for (const [x, y] of pixels) {
    const i = 3 * (y * WIDTH + x);
    const got = encode(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!);
    const want = encode(original[i]!, original[i + 1]!, original[i + 2]!);
    for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(got[c]! - want[c]!));
  }
  return worst;
}

async function extract(video: string, name: string) {
  const outDir = join(work, name);
  const summary = await extractFrames(video, { outDir, pixelType: 'float' });
  const images = await Promise.all(summary.frames.map(async (record) => (await readHdrFile(join(outDir, record.file))).image));
  return { summary, images };
}

function checkFrames(images: HdrImage[], frames: LinearFrames, encode: (r: number, g: number, b: number) => number[], bounds: { grey: number; colour: number }) {
  expect(images).toHaveLength(frames.frames.length);
  images.forEach((image, k) => {
    expect(signalError(image, frames.frames[k]!, frames.grey, encode)).toBeLessThanOrEqual(bounds.grey);
    expect(signalError(image, frames.frames[k]!, frames.colour, encode)).toBeLessThanOrEqual(bounds.colour);
  });
}

describe('HLG and SDR round trips', () => {
  it('HLG BT.2020 (libx265 10-bit, lossless): display light through the inverse OETF and the 1000 cd/m2 OOTF', async () => {
    const colours = PATCH_COLOURS.map(([r, g, b]) => [r / 4, g / 4, b / 4] as const);
    const linear = rampAndPatches([logRamp(0.05, 1000), logRamp(0.01, 200)], colours);
    const video = join(work, 'hlg.mp4');
    const signal = { width: linear.width, height: linear.height, frames: encodeFrames(linear.frames, hlgSignal) };
    await encodeVideo(video, signal, { bitDepth: 10, ...BT2020_KR_KB, codecArgs: x265Args('arib-std-b67', 'lossless') });
    const { summary, images } = await extract(video, 'hlg');
    checkFrames(images, linear, hlgSignal, { grey: 0.5 / 876 + 1e-6, colour: 0.5 / 876 + (1.8814 * 0.5) / 896 + 1e-6 });
    expect(summary.frames[0]).toMatchObject({
      transfer: 'hlg',
      units: 'cd/m2',
      peak: 1000,
      hlg: { nominalPeak: 1000, blackLevel: 0, systemGamma: 1.2 },
      primaries: 'bt2020',
    });
  });

  it('SDR BT.709 (libx264 8-bit, lossless): relative scene light through the inverse BT.709 OETF', async () => {
    const colours = PATCH_COLOURS.map(([r, g, b]) => [r / 4000, g / 4000, b / 4000] as const);
    const linear = rampAndPatches([logRamp(0.002, 1), logRamp(0.001, 0.5)], colours);
    const encode = (r: number, g: number, b: number): [number, number, number] => [bt709Oetf(r), bt709Oetf(g), bt709Oetf(b)];
    const video = join(work, 'sdr.mp4');
    const codecArgs = ['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', '-color_range', 'tv'];
    const signal = { width: linear.width, height: linear.height, frames: encodeFrames(linear.frames, encode) };
    await encodeVideo(video, signal, { bitDepth: 8, ...BT709_KR_KB, codecArgs });
    const { summary, images } = await extract(video, 'sdr');
    // 8-bit: 219 luma and 224 chroma codes; B' = Y' + 1.8556 Cb'.
    checkFrames(images, linear, encode, { grey: 0.5 / 219 + 1e-6, colour: 0.5 / 219 + (1.8556 * 0.5) / 224 + 1e-6 });
    expect(summary.frames[0]).toMatchObject({ transfer: 'bt709', units: 'relative', peak: 1, referenceWhite: 100, primaries: 'bt709' });
    expect(summary.frames[0]!.signal).toMatchObject({ codec: 'h264', pixFmt: 'yuv420p', matrix: 'bt709', range: 'limited' });
  });
});
