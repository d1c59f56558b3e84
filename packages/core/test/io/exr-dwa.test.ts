import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HdrFormatError } from '../../src/io/errors.js';
import { decodeAcValues } from '../../src/io/exr/compression/dwa/ac.js';
import { classifyChannels, DwaScheme, LEGACY_CHANNEL_RULES } from '../../src/io/exr/compression/dwa/channel-rules.js';
import { readDwaHeader } from '../../src/io/exr/compression/dwa/header.js';
import { decompressDwa } from '../../src/io/exr/compression/dwa/index.js';
import {
  decodeLossyGroup,
  kernelRoundFloatBitsToHalf,
  reserveChunk,
} from '../../src/io/exr/compression/dwa/kernel.js';
import { toLinearTable } from '../../src/io/exr/compression/dwa/to-linear.js';
import { ExrPixelType, type ExrBlockChannel, type ExrBlockLayout } from '../../src/io/exr/compression/types.js';
import { floatToHalf, halfToFloat } from '../../src/io/exr/half.js';
import { decodeExr } from '../../src/io/exr/read-exr.js';
import { mutate, seededRng } from '../support/mutate.js';
import { countDifferences, fixtureIndex, loadReference, maxRelativeError, readFixture } from '../support/reference.js';

const DWA_FIXTURES = fixtureIndex('exr').filter((entry) => ['dwaa', 'dwab'].includes(entry.compression));

interface Chunk {
  readonly data: Uint8Array;
  readonly layout: ExrBlockLayout;
}

/** The chunks of a single-part scanline fixture, read straight from the offset table. */
function scanlineChunks(name: string): Chunk[] {
  const bytes = readFixture('exr', `${name}.exr`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const attributes = new Map<string, number>();
  let at = 8;
  while (bytes[at] !== 0) {
    const nameEnd = bytes.indexOf(0, at);
    const valueAt = bytes.indexOf(0, nameEnd + 1) + 5;
    attributes.set(new TextDecoder().decode(bytes.subarray(at, nameEnd)), valueAt);
    at = valueAt + view.getInt32(valueAt - 4, true);
  }
  const channels: ExrBlockChannel[] = [];
  for (let c = attributes.get('channels') as number; bytes[c] !== 0; ) {
    const end = bytes.indexOf(0, c);
    const pixelType = view.getInt32(end + 1, true) as ExrPixelType;
    const bytesPerSample = pixelType === ExrPixelType.Half ? 2 : 4;
    channels.push({ name: new TextDecoder().decode(bytes.subarray(c, end)), pixelType, bytesPerSample });
    c = end + 17;
  }
  const window = attributes.get('dataWindow') as number;
  const width = view.getInt32(window + 8, true) - view.getInt32(window, true) + 1;
  const height = view.getInt32(window + 12, true) - view.getInt32(window + 4, true) + 1;
  const linesPerChunk = bytes[attributes.get('compression') as number] === 8 ? 32 : 256;
  const bytesPerPixel = channels.reduce((sum, channel) => sum + channel.bytesPerSample, 0);
  const chunks: Chunk[] = [];
  for (let y = 0, entry = at + 1; y < height; y += linesPerChunk, entry += 8) {
    const offset = Number(view.getBigUint64(entry, true)) + 8;
    const lines = Math.min(linesPerChunk, height - y);
    const data = bytes.subarray(offset, offset + view.getInt32(offset - 4, true));
    const uncompressedSize = width * lines * bytesPerPixel;
    chunks.push({ data, layout: { channels, width, lines, y, uncompressedSize, source: name, offset } });
  }
  return chunks;
}

/** A chunk rebuilt from header fields, a rule block (omitted for version 0 and 1) and the four sections. */
function buildChunk(fields: readonly number[], rules: Uint8Array | undefined, sections: readonly Uint8Array[]) {
  const parts = [new Uint8Array(new BigUint64Array(fields.map(BigInt)).buffer), ...(rules ? [rules] : []), ...sections];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  parts.reduce((offset, part) => (out.set(part, offset), offset + part.length), 0);
  return out;
}

/** Splits a chunk into its header fields, rule block and sections (unknown, AC, DC, RLE). */
function splitChunk(chunk: Chunk): { fields: number[]; rules: Uint8Array; sections: Uint8Array[] } {
  const header = readDwaHeader(chunk.data, chunk.layout);
  const fields = Array.from(new BigUint64Array(chunk.data.slice(0, 88).buffer), Number);
  const { unknownCompressedSize, acCompressedSize, dcCompressedSize, rleCompressedSize } = header;
  const sizes = [unknownCompressedSize, acCompressedSize, dcCompressedSize, rleCompressedSize];
  let at = header.dataOffset;
  const sections = sizes.map((size) => chunk.data.subarray(at, (at += size)));
  return { fields, rules: chunk.data.subarray(88, header.dataOffset), sections };
}

function rulesBlock(...rules: [suffix: string, packed: number, pixelType: number][]): Uint8Array {
  const bytes = [0, 0];
  for (const [suffix, packed, pixelType] of rules) {
    bytes.push(...new TextEncoder().encode(suffix), 0, packed, pixelType);
  }
  bytes[0] = bytes.length & 0xff;
  bytes[1] = bytes.length >> 8;
  return Uint8Array.from(bytes);
}

/** Zig-zag index -> natural (row-major) position, as JPEG and OpenEXR order DCT coefficients. */
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
  28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
  54, 47, 55, 62, 63,
];
/** OpenEXR's DCT scale for the DC term, in single precision. */
const A = Math.fround(3.535536e-1);

/**
 * One 8x8 block of a lone pLinear FLOAT channel through the kernel: `coefficients` in natural order
 * (halves), out come the inverse DCT's samples rounded to half.
 */
function transformOneBlock(coefficients: readonly number[]): Float32Array {
  const channels: ExrBlockChannel[] = [{ name: 'Y', pixelType: ExrPixelType.Float, bytesPerSample: 4, pLinear: true }];
  const layout: ExrBlockLayout = {
    channels,
    width: 8,
    lines: 8,
    y: 0,
    uncompressedSize: 256,
    source: 'idct',
    offset: 0,
  };
  const sizes = { outputBytes: 256, dcValues: 1, acValues: 63 + 63, planeBytes: 0, streamBytes: 0 };
  const chunk = reserveChunk(sizes, layout);
  chunk.dc[0] = floatToHalf(coefficients[0]);
  for (let k = 1; k < 64; k++) chunk.ac[k - 1] = floatToHalf(coefficients[ZIGZAG[k]]);
  chunk.ac.fill(0xff00, 63);
  const acEnd = decodeLossyGroup(chunk, [{ lineOffset: 0, isFloat: true }], 0, 0, 63, 32, layout, false);
  expect(acEnd).toBe(63);
  return new Float32Array(chunk.output.slice().buffer);
}

function expectFormatError(run: () => unknown): void {
  expect(run).toThrow(HdrFormatError);
}

describe('DWAA/DWAB decoding matches OpenCV (OpenEXR 3.1) bit for bit', () => {
  it('has scanline and tiled fixtures of both variants', () => {
    expect(DWA_FIXTURES.map((entry) => entry.name)).toEqual(
      expect.arrayContaining([
        'scan-dwaa-half-rgb',
        'scan-dwab-half-rgba',
        'scan-dwab-float-rgb',
        'scan-dwaa-half-y',
        'tile-dwaa-half-rgba',
        'tile-dwab-half-rgba',
      ]),
    );
  });

  for (const entry of DWA_FIXTURES) {
    it(`${entry.name}: ${entry.width}x${entry.height}x${entry.channels} ${entry.pixelType}`, () => {
      const { image, info } = decodeExr(readFixture('exr', `${entry.name}.exr`), { source: entry.name });
      const expected = loadReference('exr', entry.name);
      expect(info.compression).toBe(entry.compression);
      expect([image.width, image.height, image.channels]).toEqual([entry.width, entry.height, entry.channels]);
      expect(maxRelativeError(image.data, expected)).toBeLessThanOrEqual(1e-3);
      expect(countDifferences(image.data, expected)).toBe(0);
    });
  }
});

describe('DWA chunk variants', () => {
  const [chunk] = scanlineChunks('scan-dwab-half-rgba');
  const expected = decompressDwa(chunk.data, chunk.layout);

  it('reads deflated AC coefficients like Huffman-coded ones', () => {
    const header = readDwaHeader(chunk.data, chunk.layout);
    expect(header.acCompression).toBe(0);
    const { fields, rules, sections } = splitChunk(chunk);
    const acAt = header.dataOffset + header.unknownCompressedSize;
    const sizes = { outputBytes: 0, dcValues: 0, acValues: header.acCount + 63, planeBytes: 0 };
    const target = reserveChunk({ ...sizes, streamBytes: header.acCompressedSize }, chunk.layout);
    decodeAcValues(chunk.data, acAt, header.acCompressedSize, header.acCount, 0, chunk.layout, target);
    const values = target.ac.slice(0, header.acCount);
    const deflated = deflateSync(new Uint8Array(values.buffer));
    fields[3] = deflated.length;
    fields[10] = 1;
    const rebuilt = buildChunk(fields, rules, [sections[0], deflated, sections[2], sections[3]]);
    expect(decompressDwa(rebuilt, chunk.layout)).toEqual(expected);
  });

  it('applies the implied rules of version 1 chunks', () => {
    const { fields, sections } = splitChunk(chunk);
    fields[0] = 1;
    expect(decompressDwa(buildChunk(fields, undefined, sections), chunk.layout)).toEqual(expected);
  });

  it('decodes every DWAA chunk of a file to its exact size', () => {
    const chunks = scanlineChunks('scan-dwaa-half-rgb');
    expect(chunks.map((c) => c.layout.lines)).toEqual([32, 29]);
    for (const c of chunks) expect(decompressDwa(c.data, c.layout).length).toBe(c.layout.uncompressedSize);
  });

  it('stores channels no rule claims as deflated planes, and alpha as run-length coded byte planes', () => {
    const width = 5;
    const lines = 3;
    const channels: ExrBlockChannel[] = [
      { name: 'A', pixelType: ExrPixelType.Half, bytesPerSample: 2 },
      { name: 'Z', pixelType: ExrPixelType.Float, bytesPerSample: 4 },
    ];
    const alpha = Array.from({ length: width * lines }, (_, i) => floatToHalf(i < 7 ? 1 : i / 16));
    const depth = Float32Array.from({ length: width * lines }, (_, i) => 100 + i * 0.25);
    const planes = [...alpha.map((h) => h & 0xff), ...alpha.map((h) => h >> 8)];
    // One repeat run (the first seven low bytes are equal), then literals.
    const runs = Uint8Array.from([6, planes[0], 256 - (planes.length - 7), ...planes.slice(7)]);
    const rle = deflateSync(runs);
    const unknown = deflateSync(new Uint8Array(depth.buffer));
    const fields = [2, depth.byteLength, unknown.length, 0, 0, rle.length, runs.length, planes.length, 0, 0, 0];
    const layout: ExrBlockLayout = {
      channels,
      width,
      lines,
      y: 0,
      uncompressedSize: width * lines * 6,
      source: 'synthetic',
      offset: 0,
    };
    const empty = new Uint8Array(0);
    const out = decompressDwa(buildChunk(fields, rulesBlock(['A', 0x08, 1]), [unknown, empty, empty, rle]), layout);
    const view = new DataView(out.buffer);
    for (let line = 0; line < lines; line++) {
      for (let x = 0; x < width; x++) {
        expect(view.getUint16(line * 30 + 2 * x, true)).toBe(alpha[line * width + x]);
        expect(view.getFloat32(line * 30 + 10 + 4 * x, true)).toBe(depth[line * width + x]);
      }
    }
  });
});

describe('DWA building blocks', () => {
  it('classifies channels by suffix and type, grouping colour sets by layer in name order', () => {
    const names = ['A', 'B', 'G', 'R', 'Z', 'diffuse.B', 'diffuse.G', 'diffuse.R', 'diffuse.a', 'spec.R'];
    const channels = names.map((name) => ({ name, pixelType: ExrPixelType.Half, bytesPerSample: 2 as const }));
    const { schemes, cscSets } = classifyChannels(channels, LEGACY_CHANNEL_RULES);
    const { LossyDct: L, Rle: R, Unknown: U } = DwaScheme;
    expect(schemes).toEqual([R, L, L, L, U, L, L, L, R, L]);
    expect(cscSets).toEqual([
      [3, 2, 1],
      [7, 6, 5],
    ]);
    const uintRed: ExrBlockChannel = { name: 'R', pixelType: ExrPixelType.Uint, bytesPerSample: 4 };
    const uint = classifyChannels([uintRed], LEGACY_CHANNEL_RULES);
    expect(uint.schemes).toEqual([U]);
  });

  it('inverse-transforms like the DCT definition, to half precision', () => {
    const rng = seededRng(7);
    const coefficients = Array.from({ length: 64 }, () => halfToFloat(floatToHalf(rng() * 2 - 1)));
    const out = transformOneBlock(coefficients);
    const scale = (k: number) => (k === 0 ? Math.SQRT1_2 : 1) / 2;
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        let sum = 0;
        for (let v = 0; v < 8; v++) {
          for (let u = 0; u < 8; u++) {
            const basis = Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16);
            sum += scale(u) * scale(v) * coefficients[v * 8 + u] * basis;
          }
        }
        expect(Math.abs(out[y * 8 + x] - sum)).toBeLessThan(Math.abs(sum) * 2 ** -11 + 1e-6);
      }
    }
    const dcOnly = transformOneBlock([3, ...new Array<number>(63).fill(0)]);
    expect(Array.from(new Set(dcOnly))).toEqual([halfToFloat(floatToHalf(Math.fround(Math.fround(3 * A) * A)))]);
    const firstRow = transformOneBlock([3, 0.5, ...new Array<number>(62).fill(0)]);
    for (let y = 1; y < 8; y++) expect(firstRow.slice(y * 8, y * 8 + 8)).toEqual(firstRow.slice(0, 8));
  });

  it('maps perceptual halves back to linear light as OpenEXR tabulates it', () => {
    const table = toLinearTable();
    expect(table[floatToHalf(1)]).toBe(floatToHalf(1));
    expect(table[floatToHalf(-1)]).toBe(floatToHalf(-1));
    expect(halfToFloat(table[floatToHalf(0.5)])).toBeCloseTo(0.5 ** 2.2, 3);
    expect(halfToFloat(table[floatToHalf(2)])).toBeCloseTo(Math.exp(2.2), 1);
    expect(table[0x7c00]).toBe(0);
    expect(table[0x7e00]).toBe(0);
    // Rounds below the half midpoint only with the exponent in single precision (2.2f), as OpenEXR's table.
    expect(table[0x24f8]).toBe(0x099c);
  });

  it('rounds float bit patterns to half in the kernel like the shared converter', () => {
    const bits = new Uint32Array(1);
    const float = new Float32Array(bits.buffer);
    const rng = seededRng(3);
    const edges = [
      0, 0x80000000, 0x33000000, 0x33000001, 0x387fffff, 0x38800000, 0x477fefff, 0x477ff000, 0x7f800000, 0xff800000,
    ];
    for (let i = 0; i < 20000; i++) {
      bits[0] = i < edges.length ? edges[i] : Math.floor(rng() * 2 ** 32);
      if (Number.isNaN(float[0])) continue;
      expect(kernelRoundFloatBitsToHalf(bits[0])).toBe(floatToHalf(float[0]));
    }
  });
});

describe('corrupt DWA chunks fail with HdrFormatError', () => {
  const [chunk] = scanlineChunks('scan-dwab-half-rgba');

  it('rejects headers whose sizes or counts do not fit the chunk or the block', () => {
    const { fields, rules, sections } = splitChunk(chunk);
    const edits: [field: number, value: number][] = [
      [0, 3],
      [1, 8],
      [3, fields[3] + 1],
      [4, 1e9],
      [5, 0],
      [7, 12],
      [8, 1e8],
      [9, fields[9] - 1],
      [10, 2],
    ];
    for (const [field, value] of edits) {
      const edited = fields.slice();
      edited[field] = value;
      expectFormatError(() => decompressDwa(buildChunk(edited, rules, sections), chunk.layout));
    }
    expectFormatError(() => decompressDwa(buildChunk(fields, rulesBlock(['R', 0xf4, 1]), sections), chunk.layout));
    expectFormatError(() => decompressDwa(buildChunk(fields, rulesBlock(['R', 0x14, 7]), sections), chunk.layout));
    expectFormatError(() => decompressDwa(buildChunk(fields, Uint8Array.of(1, 0), sections), chunk.layout));
    expectFormatError(() => decompressDwa(chunk.data.subarray(0, 60), chunk.layout));
    const shorter = { ...chunk.layout, uncompressedSize: chunk.layout.uncompressedSize - 2 };
    expectFormatError(() => decompressDwa(chunk.data, shorter));
  });

  it('never lets another error escape and always returns the exact block size', () => {
    const rng = seededRng(2024);
    const names = ['scan-dwab-half-rgba', 'scan-dwaa-half-y', 'scan-dwab-float-rgb'];
    const chunks = names.flatMap((name) => scanlineChunks(name));
    let rejected = 0;
    for (let i = 0; i < 600; i++) {
      const { data, layout } = chunks[i % chunks.length];
      const damaged = mutate(data, rng, 120);
      try {
        expect(decompressDwa(damaged, layout).length).toBe(layout.uncompressedSize);
      } catch (error) {
        expect(error).toBeInstanceOf(HdrFormatError);
        expect((error as HdrFormatError).message).toContain(layout.source);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(300);
  });
});
