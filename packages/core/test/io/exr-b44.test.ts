import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HdrFormatError } from '../../src/io/errors.js';
import { decompressB44 } from '../../src/io/exr/compression/b44.js';
import { ExrPixelType, type ExrBlockChannel, type ExrBlockLayout } from '../../src/io/exr/compression/types.js';
import { floatToHalf, halfToFloat } from '../../src/io/exr/half.js';
import { decodeExr } from '../../src/io/exr/index.js';
import { seededRng } from '../support/mutate.js';
import { countDifferences, loadReference, maxRelativeError } from '../support/reference.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'exr');

/** Written by tools/fixtures/make-exr-fixtures.py. */
interface FixtureEntry {
  width: number;
  height: number;
  channels: number;
  compression: string;
  pixelType: string;
  tiled: boolean;
}

const index = JSON.parse(readFileSync(join(FIXTURES, 'index.json'), 'utf8')) as Record<string, FixtureEntry>;
const B44_FIXTURES = Object.keys(index).filter((name) => /^(scan|tile)-b44a?-/.test(name));

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, `${name}.exr`)));
}

const reference = (name: string): Float32Array => loadReference('exr', name);



function half(name: string, extra: object = {}): ExrBlockChannel {
  return { name, pixelType: ExrPixelType.Half, bytesPerSample: 2, ...extra };
}

function float(name: string): ExrBlockChannel {
  return { name, pixelType: ExrPixelType.Float, bytesPerSample: 4 };
}

function layoutOf(channels: ExrBlockChannel[], width: number, lines: number): ExrBlockLayout {
  const bytesPerPixel = channels.reduce((sum, channel) => sum + channel.bytesPerSample, 0);
  const uncompressedSize = width * lines * bytesPerPixel;
  return { channels, width, lines, y: 0, uncompressedSize, source: 'test.exr', offset: 1000 };
}

function readInt32(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
}

/** The first chunk of a single-part scanline file: skips the attributes, follows the first table entry. */
function firstScanlineChunk(bytes: Uint8Array): { data: Uint8Array; y: number; offset: number } {
  let at = 8;
  while (bytes[at] !== 0) {
    at = bytes.indexOf(0, at) + 1;
    at = bytes.indexOf(0, at) + 1;
    at += 4 + readInt32(bytes, at);
  }
  const chunkAt = readInt32(bytes, at + 1);
  const size = readInt32(bytes, chunkAt + 4);
  return { y: readInt32(bytes, chunkAt), offset: chunkAt + 8, data: bytes.slice(chunkAt + 8, chunkAt + 8 + size) };
}

function halvesOf(block: Uint8Array): number[] {
  return Array.from(new Uint16Array(block.buffer, block.byteOffset, block.length >> 1));
}

/** Half bits -> the ordered-magnitude integer B44 stores (integer order equals float order). */
function ordered(bits: number): number {
  return bits & 0x8000 ? ~bits & 0xffff : bits | 0x8000;
}

/**
 * Packs a 14-byte block from a start value, a shift and fifteen steps in units of 2^shift, in the
 * stream's order: down the first column, then along rows 0..3 for columns 1, 2 and 3.
 */
function fullBlock(start: number, shift: number, steps: number[]): Uint8Array {
  const codes = steps.map((step) => step + 32);
  expect(codes.every((code) => code >= 0 && code < 64)).toBe(true);
  let bits = (BigInt(start) << 96n) | (BigInt(shift) << 90n);
  codes.forEach((code, i) => (bits |= BigInt(code) << BigInt(84 - 6 * i)));
  const out = new Uint8Array(14);
  for (let i = 0; i < 14; i++) out[i] = Number((bits >> BigInt(8 * (13 - i))) & 0xffn);
  return out;
}

/** What `fullBlock` should decode to, accumulated independently of the decoder's unrolled form. */
function expectedBlock(start: number, shift: number, steps: number[]): number[] {
  const t = new Array<number>(16);
  t[0] = start;
  for (let row = 1; row < 4; row++) t[row * 4] = (t[(row - 1) * 4] + (steps[row - 1] << shift)) & 0xffff;
  for (let column = 1; column < 4; column++) {
    for (let row = 0; row < 4; row++) {
      t[row * 4 + column] = (t[row * 4 + column - 1] + (steps[3 + (column - 1) * 4 + row] << shift)) & 0xffff;
    }
  }
  return t.map((value) => (value & 0x8000 ? value & 0x7fff : ~value & 0xffff));
}

describe('B44 / B44A fixtures decode as OpenCV (OpenEXR 3.1) decodes them', () => {
  it('covers scanline and tiled, half and float, B44 and B44A', () => {
    expect(B44_FIXTURES.length).toBe(11);
    expect(B44_FIXTURES.some((name) => name.endsWith('-plinear'))).toBe(true);
    expect(new Set(B44_FIXTURES.map((name) => index[name].compression))).toEqual(new Set(['b44', 'b44a']));
    expect(B44_FIXTURES.some((name) => index[name].tiled)).toBe(true);
    expect(B44_FIXTURES.some((name) => index[name].pixelType === 'float')).toBe(true);
  });

  for (const name of B44_FIXTURES) {
    it(name, () => {
      const entry = index[name];
      const { image } = decodeExr(fixture(name), { source: name });
      expect([image.width, image.height, image.channels]).toEqual([entry.width, entry.height, entry.channels]);
      const expected = reference(name);
      expect(image.data.length).toBe(expected.length);
      expect(maxRelativeError(image.data, expected)).toBeLessThanOrEqual(1e-3);
      expect(countDifferences(image.data, expected)).toBe(0);
    });
  }
});

describe('decompressB44 on hand-built blocks', () => {
  it('unpacks a full block exactly, crossing from negative through both zeros to positive', () => {
    const steps = [4, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const decoded = halvesOf(decompressB44(fullBlock(0x7ffe, 0, steps), layoutOf([half('Y')], 4, 4)));
    expect(decoded).toEqual(expectedBlock(0x7ffe, 0, steps));
    expect(decoded.slice(0, 4)).toEqual([0x8001, 0x8000, 0x0000, 0x0001]);
    expect(decoded[4]).toBe(0x0002);
    expect(decoded.slice(12)).toEqual([0x000a, 0x000b, 0x000c, 0x000d]);
    const flatAsFull = fullBlock(ordered(floatToHalf(1)), 0, new Array<number>(15).fill(0));
    const ones = halvesOf(decompressB44(flatAsFull, layoutOf([half('Y')], 4, 4)));
    expect(ones.map(halfToFloat)).toEqual(new Array(16).fill(1));
  });

  it('applies the shift to every step and wraps modulo 2^16 like the reference decoder', () => {
    for (const shift of [1, 5, 12]) {
      const steps = Array.from({ length: 15 }, (_, i) => ((i * 7) % 64) - 32);
      const start = 0x9234;
      const decoded = halvesOf(decompressB44(fullBlock(start, shift, steps), layoutOf([half('Y')], 4, 4)));
      expect(decoded).toEqual(expectedBlock(start, shift, steps));
    }
  });

  it('expands a 3-byte flat block to sixteen equal samples', () => {
    for (const marker of [0xfc, 13 << 2, 0xff]) {
      const decoded = halvesOf(decompressB44(Uint8Array.of(0xbc, 0x00, marker), layoutOf([half('Y')], 4, 4)));
      expect(decoded).toEqual(new Array(16).fill(floatToHalf(1)));
    }
    const negative = halvesOf(decompressB44(Uint8Array.of(0x43, 0xff, 0xfc), layoutOf([half('Y')], 4, 4)));
    expect(negative).toEqual(new Array(16).fill(floatToHalf(-1)));
  });

  it('crops edge blocks and interleaves HALF blocks with raw FLOAT lines', () => {
    const width = 5;
    const lines = 6;
    const steps = Array.from({ length: 15 }, (_, i) => (i % 3) - 1);
    const blockValues = [0x9000, 0xa000, 0xb000, 0xc000].map((start) => expectedBlock(start, 0, steps));
    const halfBlocks = [0x9000, 0xa000, 0xb000, 0xc000].map((start) => fullBlock(start, 0, steps));
    const floats = Float32Array.from({ length: width * lines }, (_, i) => i * 0.25 - 3);
    const flat = Uint8Array.of(0xc2, 0x00, 0xfc);
    const stream = new Uint8Array([
      ...halfBlocks.flatMap((block) => [...block]),
      ...new Uint8Array(floats.buffer),
      ...[flat, flat, flat, flat].flatMap((block) => [...block]),
    ]);
    const layout = layoutOf([half('A'), float('B'), half('C')], width, lines);
    const out = decompressB44(stream, layout);
    expect(out.length).toBe(layout.uncompressedSize);
    const view = new DataView(out.buffer);
    const lineBytes = width * 8;
    for (let y = 0; y < lines; y++) {
      for (let x = 0; x < width; x++) {
        const block = blockValues[(y >> 2) * 2 + (x >> 2)];
        expect(view.getUint16(y * lineBytes + 2 * x, true)).toBe(block[(y & 3) * 4 + (x & 3)]);
        expect(view.getFloat32(y * lineBytes + 2 * width + 4 * x, true)).toBe(floats[y * width + x]);
        expect(view.getUint16(y * lineBytes + 6 * width + 2 * x, true)).toBe(floatToHalf(3));
      }
    }
  });

  it('maps pLinear channels back through 8 ln(x), with non-positive and non-finite inputs as in OpenEXR', () => {
    const decodeFlat = (value: number) => {
      const code = ordered(floatToHalf(value));
      const block = Uint8Array.of(code >> 8, code & 0xff, 0xfc);
      return halvesOf(decompressB44(block, layoutOf([half('Y', { pLinear: true })], 4, 4)));
    };
    expect(decodeFlat(1)).toEqual(new Array(16).fill(0));
    expect(decodeFlat(2)[0]).toBe(floatToHalf(8 * Math.log(2)));
    expect(decodeFlat(Math.E)[0]).toBe(floatToHalf(8 * Math.log(halfToFloat(floatToHalf(Math.E)))));
    expect(decodeFlat(0.001)[5]).toBe(floatToHalf(8 * Math.log(halfToFloat(floatToHalf(0.001)))));
    expect(decodeFlat(-3)[0]).toBe(0);
    expect(decodeFlat(0)[0]).toBe(floatToHalf(-Infinity));
    const steps = new Array<number>(15).fill(0);
    const fourBlock = fullBlock(ordered(floatToHalf(4)), 0, steps);
    const full = halvesOf(decompressB44(fourBlock, layoutOf([half('Y', { pLinear: true })], 4, 4)));
    expect(full).toEqual(new Array(16).fill(floatToHalf(8 * Math.log(4))));
  });
});

describe('decompressB44 rejects damaged chunks with HdrFormatError', () => {
  const chunk = firstScanlineChunk(fixture('scan-b44-half-rgba'));
  const layout = layoutOf(['A', 'B', 'G', 'R'].map((name) => half(name)), 97, 32);
  const flatChunk = firstScanlineChunk(fixture('scan-b44a-half-rgba'));

  it('decodes the extracted chunks whole (the baseline for the damage below)', () => {
    expect(chunk.y).toBe(0);
    expect(chunk.data.length).toBeLessThan(layout.uncompressedSize);
    expect(flatChunk.data.length).toBeLessThan(chunk.data.length);
    expect(decompressB44(chunk.data, layout).length).toBe(layout.uncompressedSize);
    expect(decompressB44(flatChunk.data, layout).length).toBe(layout.uncompressedSize);
  });

  it('throws for truncation at every 7th length and near the end, naming the file and an offset', () => {
    for (const data of [chunk.data, flatChunk.data]) {
      const lengths = Array.from({ length: data.length }, (_, i) => i);
      const sampled = lengths.filter((length) => length % 7 === 0 || data.length - length < 40);
      for (const length of sampled) {
        let error: unknown;
        try {
          decompressB44(data.subarray(0, length), layout);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(HdrFormatError);
        const { source, offset } = error as HdrFormatError;
        expect(source).toBe('test.exr');
        expect(offset).toBeGreaterThanOrEqual(layout.offset);
        expect(offset).toBeLessThanOrEqual(layout.offset + length);
      }
    }
  });

  it('throws for trailing bytes after the last block', () => {
    const longer = new Uint8Array(chunk.data.length + 1);
    longer.set(chunk.data);
    expect(() => decompressB44(longer, layout)).toThrow(HdrFormatError);
  });

  it('throws for a FLOAT channel whose raw samples are cut short', () => {
    const layoutWithFloat = layoutOf([half('A'), float('Z')], 4, 4);
    expect(() => decompressB44(new Uint8Array(3 + 63), layoutWithFloat)).toThrow(/64 more bytes/);
  });

  it('throws for a layout whose size disagrees with its channels', () => {
    expect(() => decompressB44(chunk.data, { ...layout, uncompressedSize: layout.uncompressedSize + 2 })).toThrow(
      HdrFormatError,
    );
    const wideHalf = { ...layout, channels: [{ name: 'Y', pixelType: ExrPixelType.Half, bytesPerSample: 4 as const }] };
    expect(() => decompressB44(chunk.data, { ...wideHalf, uncompressedSize: 97 * 32 * 4 })).toThrow(HdrFormatError);
  });

  it('returns exactly the block size or throws HdrFormatError for bytes damaged anywhere', () => {
    const rng = seededRng(44);
    let rejected = 0;
    for (let trial = 0; trial < 400; trial++) {
      const data = Uint8Array.from(trial % 2 ? chunk.data : flatChunk.data);
      const flips = 1 + Math.floor(rng() * 6);
      for (let i = 0; i < flips; i++) data[Math.floor(rng() * data.length)] ^= 1 << Math.floor(rng() * 8);
      try {
        expect(decompressB44(data, layout).length).toBe(layout.uncompressedSize);
      } catch (error) {
        expect(error).toBeInstanceOf(HdrFormatError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(0);
  });

  it('surfaces a damaged chunk through decodeExr as HdrFormatError', () => {
    const bytes = fixture('scan-b44-half-rgb');
    const damaged = Uint8Array.from(bytes);
    damaged[firstScanlineChunk(bytes).offset + 2] = 0xfc;
    expect(() => decodeExr(damaged, { source: 'damaged.exr' })).toThrow(HdrFormatError);
  });
});
