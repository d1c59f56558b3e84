import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/io/detect.js';
import { HdrFormatError } from '../../src/io/errors.js';
import { decodeLdr } from '../../src/io/ldr/index.js';
import { decodeHdr, readImageFile } from '../../src/io/read-image.js';
import { seededRng } from '../support/mutate.js';

interface TiffLayout {
  readonly width: number;
  readonly height: number;
  readonly samplesPerPixel: number;
  readonly bitsPerSample: 8 | 16 | 32;
  /** 1 = grey (min is black), 2 = RGB, 5 = CMYK. */
  readonly photometric: 1 | 2 | 5;
  readonly littleEndian: boolean;
  /** 1 = unsigned integer, 3 = IEEE float. */
  readonly sampleFormat?: 1 | 3;
  /** Extra tags (e.g. a private one) written beside the baseline ones: [tag, SHORT value]. */
  readonly extraTags?: readonly (readonly [number, number])[];
}

const SHORT = 3;
const LONG = 4;

/**
 * An uncompressed single-strip TIFF written independently of the code under test, so byte order, bit depth,
 * alpha and sample format can be chosen freely. The alpha of 2- and 4-sample images is marked unassociated.
 */
function makeTiff(layout: TiffLayout, samples: readonly number[]): Buffer {
  const { width, height, samplesPerPixel, bitsPerSample, littleEndian } = layout;
  const bytesPerSample = bitsPerSample / 8;
  const pixelBytes = width * height * samplesPerPixel * bytesPerSample;
  const hasAlpha = (layout.photometric === 1 && samplesPerPixel === 2) || (layout.photometric === 2 && samplesPerPixel === 4);
  const tags: [number, number, number[]][] = [
    [256, LONG, [width]],
    [257, LONG, [height]],
    [258, SHORT, Array<number>(samplesPerPixel).fill(bitsPerSample)],
    [259, SHORT, [1]],
    [262, SHORT, [layout.photometric]],
    [273, LONG, [0]],
    [277, SHORT, [samplesPerPixel]],
    [278, LONG, [height]],
    [279, LONG, [pixelBytes]],
    [284, SHORT, [1]],
    ...(hasAlpha ? [[338, SHORT, [2]] as [number, number, number[]]] : []),
    [339, SHORT, Array<number>(samplesPerPixel).fill(layout.sampleFormat ?? 1)],
    ...(layout.extraTags ?? []).map(([tag, value]) => [tag, SHORT, [value]] as [number, number, number[]]),
  ];
  tags.sort((a, b) => a[0] - b[0]);
  const ifdBytes = 2 + tags.length * 12 + 4;
  const arrays = tags.filter(([, type, values]) => values.length * (type === SHORT ? 2 : 4) > 4);
  const arrayBytes = arrays.reduce((sum, [, type, values]) => sum + values.length * (type === SHORT ? 2 : 4), 0);
  const pixelOffset = 8 + ifdBytes + arrayBytes;
  const out = Buffer.alloc(pixelOffset + pixelBytes);
  const u16 = (value: number, at: number) => (littleEndian ? out.writeUInt16LE(value, at) : out.writeUInt16BE(value, at));
  const u32 = (value: number, at: number) => (littleEndian ? out.writeUInt32LE(value, at) : out.writeUInt32BE(value, at));
  out.write(littleEndian ? 'II' : 'MM', 0, 'latin1');
  u16(42, 2);
  u32(8, 4);
  u16(tags.length, 8);
  let arrayAt = 8 + ifdBytes;
  tags.forEach(([tag, type, rawValues], index) => {
    const values = tag === 273 ? [pixelOffset] : rawValues;
    const entry = 10 + index * 12;
    const size = type === SHORT ? 2 : 4;
    u16(tag, entry);
    u16(type, entry + 2);
    u32(values.length, entry + 4);
    let at = entry + 8;
    if (values.length * size > 4) {
      u32(arrayAt, at);
      at = arrayAt;
      arrayAt += values.length * size;
    }
    for (const value of values) {
      if (size === 2) u16(value, at);
      else u32(value, at);
      at += size;
    }
  });
  u32(0, 10 + tags.length * 12);
  samples.forEach((value, i) => {
    const at = pixelOffset + i * bytesPerSample;
    if (layout.sampleFormat === 3) {
      if (littleEndian) out.writeFloatLE(value, at);
      else out.writeFloatBE(value, at);
    } else if (bitsPerSample === 8) out[at] = value;
    else if (bitsPerSample === 16) u16(value, at);
    else u32(value, at);
  });
  return out;
}

function randomCodes(count: number, max: number, seed: number): number[] {
  const rng = seededRng(seed);
  return Array.from({ length: count }, () => Math.floor(rng() * (max + 1)));
}

function codesOf(data: Float32Array, max: number): number[] {
  return Array.from(data, (value) => Math.round(value * max));
}

describe('TIFF decoding (8/16-bit, as an LDR image)', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'hdr-lab-tiff-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it.each([
    { littleEndian: true, bitsPerSample: 16 as const },
    { littleEndian: false, bitsPerSample: 16 as const },
    { littleEndian: true, bitsPerSample: 8 as const },
    { littleEndian: false, bitsPerSample: 8 as const },
  ])('keeps every RGB code value of a $bitsPerSample-bit TIFF (little-endian: $littleEndian)', async ({ littleEndian, bitsPerSample }) => {
    const max = bitsPerSample === 16 ? 65535 : 255;
    const codes = randomCodes(7 * 5 * 3, max, bitsPerSample + (littleEndian ? 1 : 0));
    codes[0] = 0;
    codes[1] = max;
    const bytes = makeTiff({ width: 7, height: 5, samplesPerPixel: 3, bitsPerSample, photometric: 2, littleEndian }, codes);
    expect(detectFormat(bytes)).toBe('tiff');
    const { image, info } = await decodeLdr(bytes);
    expect(info).toMatchObject({ format: 'tiff', width: 7, height: 5, channels: 3, bitDepth: bitsPerSample });
    expect(image.bitDepth).toBe(bitsPerSample);
    expect(image.data[1]).toBe(1);
    expect(image.data[3]).toBeCloseTo(codes[3] / max, 7);
    expect(codesOf(image.data, max)).toEqual(codes);
  });

  it('reads 16-bit grey as one channel and expands grey + alpha to RGBA', async () => {
    const grey = randomCodes(6 * 4, 65535, 3);
    const { image } = await decodeLdr(makeTiff({ width: 6, height: 4, samplesPerPixel: 1, bitsPerSample: 16, photometric: 1, littleEndian: true }, grey));
    expect(image.channels).toBe(1);
    expect(codesOf(image.data, 65535)).toEqual(grey);

    const greyAlpha = randomCodes(6 * 4 * 2, 65535, 4);
    const { image: rgba } = await decodeLdr(makeTiff({ width: 6, height: 4, samplesPerPixel: 2, bitsPerSample: 16, photometric: 1, littleEndian: true }, greyAlpha));
    expect(rgba.channels).toBe(4);
    const expected = greyAlpha.flatMap((_, i) => (i % 2 === 0 ? [greyAlpha[i], greyAlpha[i], greyAlpha[i], greyAlpha[i + 1]] : []));
    expect(codesOf(rgba.data, 65535)).toEqual(expected);
  });

  it('keeps the alpha channel of an 8-bit RGBA TIFF', async () => {
    const codes = randomCodes(5 * 3 * 4, 255, 5);
    const { image, info } = await decodeLdr(makeTiff({ width: 5, height: 3, samplesPerPixel: 4, bitsPerSample: 8, photometric: 2, littleEndian: true }, codes));
    expect(info.channels).toBe(4);
    expect(codesOf(image.data, 255)).toEqual(codes);
  });

  it.each(['none', 'lzw', 'deflate'] as const)('reads a 16-bit RGB TIFF written by libvips (%s compression) exactly', async (compression) => {
    const codes = Uint16Array.from(randomCodes(9 * 6 * 3, 65535, 6));
    const bytes = await sharp(codes, { raw: { width: 9, height: 6, channels: 3 } }).toColourspace('rgb16').tiff({ compression }).toBuffer();
    const { image, info } = await decodeLdr(bytes);
    expect(info.bitDepth).toBe(16);
    expect(codesOf(image.data, 65535)).toEqual(Array.from(codes));
  });

  it('tolerates tags it does not know', async () => {
    const codes = randomCodes(4 * 4 * 3, 65535, 7);
    const bytes = makeTiff({ width: 4, height: 4, samplesPerPixel: 3, bitsPerSample: 16, photometric: 2, littleEndian: true, extraTags: [[65000, 7]] }, codes);
    expect(codesOf((await decodeLdr(bytes)).image.data, 65535)).toEqual(codes);
  });

  it('is read by readImageFile as an LDR image, whatever the file is called', async () => {
    const codes = randomCodes(3 * 2 * 3, 65535, 8);
    const path = join(work, 'exposure.tif');
    await writeFile(path, makeTiff({ width: 3, height: 2, samplesPerPixel: 3, bitsPerSample: 16, photometric: 2, littleEndian: false }, codes));
    const decoded = await readImageFile(path);
    expect(decoded.kind).toBe('ldr');
    if (decoded.kind !== 'ldr') return;
    expect(decoded.info.format).toBe('tiff');
    expect(codesOf(decoded.image.data, 65535)).toEqual(codes);
  });

  it('refuses float, CMYK and broken TIFFs with messages that name the file and the fix', async () => {
    const float = makeTiff({ width: 2, height: 2, samplesPerPixel: 3, bitsPerSample: 32, photometric: 2, littleEndian: true, sampleFormat: 3 }, Array<number>(12).fill(2.5));
    await expect(decodeLdr(float, { source: 'hdr.tif' })).rejects.toThrow(/hdr\.tif: expected 8- or 16-bit unsigned samples .*float.*OpenEXR/);

    const cmyk = makeTiff({ width: 2, height: 2, samplesPerPixel: 4, bitsPerSample: 8, photometric: 5, littleEndian: true }, Array<number>(16).fill(9));
    await expect(decodeLdr(cmyk, { source: 'print.tif' })).rejects.toThrow(/print\.tif: .*CMYK TIFFs are not supported/);

    const good = makeTiff({ width: 8, height: 8, samplesPerPixel: 3, bitsPerSample: 16, photometric: 2, littleEndian: true }, randomCodes(192, 65535, 9));
    const truncated = good.subarray(0, good.length - 100);
    await expect(decodeLdr(truncated, { source: 'cut.tif' })).rejects.toThrow(HdrFormatError);
    await expect(decodeLdr(truncated, { source: 'cut.tif' })).rejects.toThrow(/^cut\.tif: /);

    expect(() => decodeHdr(good, { source: 'ldr.tif' })).toThrow(/ldr\.tif: .*TIFF file.*read it as an LDR image/);
  });

  it('enforces the pixel limit before decoding', async () => {
    const bytes = makeTiff({ width: 8, height: 8, samplesPerPixel: 3, bitsPerSample: 8, photometric: 2, littleEndian: true }, randomCodes(192, 255, 10));
    await expect(decodeLdr(bytes, { source: 'big.tif', maxPixels: 63 })).rejects.toThrow(/big\.tif: expected at most 63 pixels/);
  });
});
