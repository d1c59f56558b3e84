import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { srgbEncode } from '../../src/color/srgb.js';
import { gammaEncode } from '../../src/color/transfer.js';
import type { HdrImage } from '../../src/image/hdr-image.js';
import type { LdrImage } from '../../src/image/ldr-image.js';
import { HdrFormatError } from '../../src/io/errors.js';
import { decodeLdr, encodeLdr, exposeToLdr } from '../../src/io/ldr/index.js';
import { mutate, seededRng } from '../support/mutate.js';

/** PNG colour types: grey, RGB, palette, grey + alpha, RGBA. */
type ColourType = 0 | 2 | 3 | 4 | 6;
const SAMPLES_PER_PIXEL: Record<ColourType, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/** A PNG written independently of the code under test, so any layout PNG allows can be fed to the decoder. */
function makePng(width: number, height: number, colourType: ColourType, bitDepth: number, samples: number[], extra: Buffer[] = []): Buffer {
  const perRow = width * SAMPLES_PER_PIXEL[colourType];
  const rowBytes = Math.ceil((perRow * bitDepth) / 8);
  const raw = Buffer.alloc(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) {
    const row = raw.subarray(y * (rowBytes + 1) + 1);
    for (let i = 0; i < perRow; i++) {
      const v = samples[y * perRow + i];
      if (bitDepth === 16) row.writeUInt16BE(v, i * 2);
      else if (bitDepth === 8) row[i] = v;
      else row[(i * bitDepth) >> 3] |= v << (8 - bitDepth - ((i * bitDepth) & 7));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = bitDepth;
  header[9] = colourType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...extra,
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

function codesOf(image: LdrImage): number[] {
  const max = image.bitDepth === 16 ? 65535 : 255;
  return Array.from(image.data, (v) => Math.round(v * max));
}

function randomCodes(count: number, max: number, seed: number): number[] {
  const rng = seededRng(seed);
  const codes = Array.from({ length: count }, () => Math.floor(rng() * (max + 1)));
  codes[0] = 0;
  codes[1] = max;
  return codes;
}

function ldrFromCodes(width: number, height: number, channels: 1 | 3 | 4, bitDepth: 8 | 16, codes: number[]): LdrImage {
  const max = bitDepth === 16 ? 65535 : 255;
  return { width, height, channels, bitDepth, data: Float32Array.from(codes, (c) => c / max) };
}

describe('decodeLdr on hand-made PNGs', () => {
  it.each([
    ['grey 8-bit', 0, 8, 1],
    ['grey 16-bit', 0, 16, 1],
    ['RGB 8-bit', 2, 8, 3],
    ['RGB 16-bit', 2, 16, 3],
    ['RGBA 8-bit', 6, 8, 4],
    ['RGBA 16-bit', 6, 16, 4],
  ] as const)('%s keeps every code value', async (_, colourType, bitDepth, channels) => {
    const codes = randomCodes(7 * 5 * channels, 2 ** bitDepth - 1, colourType * 100 + bitDepth);
    const { image, info } = await decodeLdr(makePng(7, 5, colourType, bitDepth, codes), { source: 'test.png' });
    expect([image.width, image.height, image.channels, image.bitDepth]).toEqual([7, 5, channels, bitDepth]);
    expect(info).toMatchObject({ format: 'png', width: 7, height: 5, channels, bitDepth, palette: false });
    expect(codesOf(image)).toEqual(codes);
    expect(image.data[1]).toBe(1);
  });

  it('decodes a view into a larger buffer', async () => {
    const codes = randomCodes(3 * 2 * 3, 65535, 9);
    const png = makePng(3, 2, 2, 16, codes);
    const padded = new Uint8Array(png.length + 11);
    padded.set(png, 7);
    const { image } = await decodeLdr(padded.subarray(7, 7 + png.length));
    expect(codesOf(image)).toEqual(codes);
  });

  it.each([8, 16] as const)('expands %i-bit grey + alpha to RGBA', async (bitDepth) => {
    const codes = randomCodes(4 * 3 * 2, 2 ** bitDepth - 1, bitDepth);
    const { image, info } = await decodeLdr(makePng(4, 3, 4, bitDepth, codes));
    expect([image.channels, image.bitDepth, info.channels, info.bitDepth]).toEqual([4, bitDepth, 4, bitDepth]);
    const expected = [];
    for (let p = 0; p < 12; p++) expected.push(codes[2 * p], codes[2 * p], codes[2 * p], codes[2 * p + 1]);
    expect(codesOf(image)).toEqual(expected);
  });

  it('scales sub-byte grey up to 8 bits and reports the stored depth', async () => {
    const { image, info } = await decodeLdr(makePng(4, 1, 0, 2, [0, 1, 2, 3]));
    expect(info.bitDepth).toBe(2);
    expect(image.bitDepth).toBe(8);
    expect(codesOf(image)).toEqual([0, 85, 170, 255]);
  });

  it('expands palettes, with transparency from tRNS', async () => {
    const palette = chunk('PLTE', Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255]));
    const opaque = await decodeLdr(makePng(3, 1, 3, 8, [2, 0, 1], [palette]));
    expect(opaque.info.palette).toBe(true);
    expect(opaque.image.channels).toBe(3);
    expect(codesOf(opaque.image)).toEqual([0, 0, 255, 255, 0, 0, 0, 255, 0]);
    const translucent = await decodeLdr(makePng(3, 1, 3, 4, [2, 0, 1], [palette, chunk('tRNS', Uint8Array.from([255, 128]))]));
    expect(translucent.info.bitDepth).toBe(4);
    expect(codesOf(translucent.image)).toEqual([0, 0, 255, 255, 255, 0, 0, 255, 0, 255, 0, 128]);
  });
});

describe('encodeLdr -> decodeLdr', () => {
  it.each([
    [1, 8],
    [3, 8],
    [4, 8],
    [1, 16],
    [3, 16],
    [4, 16],
  ] as const)('PNG with %i channels at %i bits round-trips exact codes', async (channels, bitDepth) => {
    const codes = randomCodes(13 * 9 * channels, 2 ** bitDepth - 1, channels * bitDepth);
    if (channels === 4) codes[3] = 0; // a fully transparent pixel must keep its colour
    const png = await encodeLdr(ldrFromCodes(13, 9, channels, bitDepth, codes), 'png');
    const { image, info } = await decodeLdr(png);
    expect([info.channels, info.bitDepth, image.bitDepth]).toEqual([channels, bitDepth, bitDepth]);
    expect(codesOf(image)).toEqual(codes);
  });

  it('writes the bit depth asked for, not the image’s', async () => {
    const image = ldrFromCodes(2, 1, 1, 8, [0, 255]);
    const { image: wide } = await decodeLdr(await encodeLdr(image, 'png', { bitDepth: 16 }));
    expect(codesOf(wide)).toEqual([0, 65535]);
  });

  it('clips to [0, 1] and rounds to the nearest code', async () => {
    const image: LdrImage = { width: 6, height: 1, channels: 1, bitDepth: 8, data: Float32Array.from([-0.5, NaN, 1.5, 0.5, 1.4 / 255, 1.6 / 255]) };
    const { image: back } = await decodeLdr(await encodeLdr(image, 'png'));
    expect(codesOf(back)).toEqual([0, 0, 255, 128, 1, 2]);
  });

  it('JPEG keeps a smooth image within a few codes at the default quality 95', async () => {
    const width = 64;
    const height = 48;
    const data = new Float32Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        data[i] = x / (width - 1);
        data[i + 1] = y / (height - 1);
        data[i + 2] = 0.5 + 0.4 * Math.sin(x / 7 + y / 5);
      }
    }
    const jpeg = await encodeLdr({ width, height, channels: 3, bitDepth: 8, data }, 'jpeg');
    expect(Array.from(jpeg.subarray(0, 3))).toEqual([0xff, 0xd8, 0xff]);
    const { image, info } = await decodeLdr(jpeg);
    expect(info).toMatchObject({ format: 'jpeg', width, height, channels: 3, bitDepth: 8 });
    let worst = 0;
    let total = 0;
    for (let i = 0; i < data.length; i++) {
      const error = Math.abs(image.data[i] - data[i]);
      worst = Math.max(worst, error);
      total += error;
    }
    expect(worst).toBeLessThan(10 / 255);
    expect(total / data.length).toBeLessThan(1.5 / 255);
    const small = await encodeLdr({ width, height, channels: 3, bitDepth: 8, data }, 'jpeg', { quality: 20 });
    expect(small.length).toBeLessThan(jpeg.length);
  });

  it('JPEG keeps grey as 1 channel', async () => {
    const image = ldrFromCodes(8, 8, 1, 8, Array.from({ length: 64 }, () => 77));
    const { image: back } = await decodeLdr(await encodeLdr(image, 'jpeg'));
    expect(back.channels).toBe(1);
    expect(codesOf(back).every((c) => Math.abs(c - 77) <= 1)).toBe(true);
  });

  it('refuses what JPEG cannot hold and bad options', async () => {
    const rgba = ldrFromCodes(1, 1, 4, 8, [1, 2, 3, 4]);
    await expect(encodeLdr(rgba, 'jpeg')).rejects.toThrow(/alpha/);
    await expect(encodeLdr(ldrFromCodes(1, 1, 1, 8, [1]), 'jpeg', { bitDepth: 16 })).rejects.toThrow(/8-bit only/);
    await expect(encodeLdr(ldrFromCodes(1, 1, 1, 8, [1]), 'jpeg', { quality: 0 })).rejects.toThrow(/quality/);
  });
});

describe('decodeLdr orientation', () => {
  it('leaves EXIF orientation unapplied unless asked, and reports it', async () => {
    const jpeg = await sharp(new Uint8Array(4 * 2 * 3).fill(128), { raw: { width: 4, height: 2, channels: 3 } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const stored = await decodeLdr(jpeg);
    expect([stored.image.width, stored.image.height, stored.info.orientation]).toEqual([4, 2, 6]);
    const rotated = await decodeLdr(jpeg, { autoOrient: true });
    expect([rotated.image.width, rotated.image.height]).toEqual([2, 4]);
  });
});

describe('decodeLdr failures', () => {
  const good = makePng(5, 4, 2, 8, randomCodes(60, 255, 1));

  it('names the source and wraps decoder errors for a corrupt PNG', async () => {
    const corrupt = Buffer.from(good);
    corrupt[corrupt.length - 20] ^= 0xff;
    const error = await decodeLdr(corrupt, { source: 'broken.png' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HdrFormatError);
    expect((error as HdrFormatError).source).toBe('broken.png');
    expect((error as Error).message).toMatch(/^broken\.png: expected/);
    await expect(decodeLdr(good.subarray(0, 40))).rejects.toBeInstanceOf(HdrFormatError);
  });

  it('rejects anything that is not PNG or JPEG before decoding it', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
    await expect(decodeLdr(svg)).rejects.toThrow(/PNG or JPEG signature at byte 0/);
    await expect(decodeLdr(new Uint8Array(0))).rejects.toBeInstanceOf(HdrFormatError);
  });

  it('enforces maxPixels from the header', async () => {
    await expect(decodeLdr(good, { maxPixels: 19 })).rejects.toThrow(/at most 19 pixels/);
    await expect(decodeLdr(good, { maxPixels: 20 })).resolves.toBeDefined();
  });

  it('turns every damaged variant into HdrFormatError or a valid image', async () => {
    const rng = seededRng(2024);
    for (let i = 0; i < 300; i++) {
      const bytes = mutate(good, rng, 33);
      try {
        const { image } = await decodeLdr(bytes);
        expect(image.data.length).toBe(image.width * image.height * image.channels);
      } catch (error) {
        expect(error).toBeInstanceOf(HdrFormatError);
      }
    }
  });
});

describe('exposeToLdr', () => {
  const hdr: HdrImage = { width: 4, height: 1, channels: 4, data: Float32Array.from([0.25, 0.5, 2, 1.5, -1, NaN, 0, 0.3, 1e-3, 0.125, 4, -2]) };

  it('scales by 2^stops, clips, sRGB-encodes colour and passes alpha through clipped', () => {
    const ldr = exposeToLdr(hdr, { stops: 1 });
    expect([ldr.width, ldr.height, ldr.channels, ldr.bitDepth]).toEqual([4, 1, 4, 8]);
    expect(ldr.data[0]).toBe(Math.fround(0.7353569830524495));
    expect(ldr.data[1]).toBe(1);
    expect(ldr.data[2]).toBe(1);
    expect(ldr.data[3]).toBe(1);
    expect(Array.from(ldr.data.subarray(4, 8))).toEqual([0, 0, 0, Math.fround(0.3)]);
    expect(ldr.data[8]).toBeCloseTo(12.92 * 2e-3, 7);
    expect(ldr.data[9]).toBeCloseTo(0.5370987, 6);
    expect(ldr.data[11]).toBe(0);
  });

  it('supports a pure 2.2 gamma and a 16-bit target', () => {
    const ldr = exposeToLdr(hdr, { stops: -1, encoding: 'gamma2.2', bitDepth: 16 });
    expect(ldr.bitDepth).toBe(16);
    expect(ldr.data[0]).toBeCloseTo(0.125 ** (1 / 2.2), 6);
    expect(ldr.data[3]).toBe(1);
  });

  it.each(['srgb', 'gamma2.2'] as const)('stays within 3e-7 of the exact %s curve over the whole range', (encoding) => {
    const rng = seededRng(5);
    const values = Float32Array.from({ length: 30000 }, (_, i) => (i < 10000 ? rng() : rng() ** 8));
    const exact = (v: number) => (encoding === 'srgb' ? srgbEncode(v) : gammaEncode(v, 2.2));
    const ldr = exposeToLdr({ width: values.length, height: 1, channels: 1, data: values }, { stops: 0, encoding });
    let worst = 0;
    for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(ldr.data[i] - exact(values[i])));
    expect(worst).toBeLessThan(3e-7);
  });

  it('validates its options', () => {
    expect(() => exposeToLdr(hdr, { stops: NaN })).toThrow(RangeError);
    expect(() => exposeToLdr(hdr, { stops: 0, encoding: 'pq' as 'srgb' })).toThrow(/encoding/);
  });
});
