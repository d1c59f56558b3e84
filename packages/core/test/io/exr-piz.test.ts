import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HdrFormatError } from '../../src/io/errors.js';
import {
  decodingKernel,
  kernelScratchStart,
  reserveKernelMemory,
} from '../../src/io/exr/compression/kernel/instance.js';
import { decompressPiz } from '../../src/io/exr/compression/piz.js';
import { inverseHaarWavelet } from '../../src/io/exr/compression/piz-wavelet.js';
import { ExrPixelType, type ExrBlockChannel, type ExrBlockLayout } from '../../src/io/exr/compression/types.js';
import { halfTable } from '../../src/io/exr/half.js';
import { decodeExr } from '../../src/io/exr/index.js';
import { mutate, seededRng } from '../support/mutate.js';
import { countDifferences, fixtureIndex, loadReference, maxRelativeError, readFixture } from '../support/reference.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'data', 'samples');
const SAMPLE_REFERENCES = join(import.meta.dirname, '..', 'fixtures', 'samples');

interface PizChunk {
  readonly layout: ExrBlockLayout;
  readonly data: Uint8Array;
  /** Data-window x of the chunk's first column (tiles). */
  readonly x: number;
}

interface PizFile {
  readonly width: number;
  readonly height: number;
  readonly channels: readonly ExrBlockChannel[];
  readonly chunks: readonly PizChunk[];
}

/**
 * Just enough of a single-part, single-level OpenEXR reader to hand PIZ chunks to the decompressor on its own:
 * the header's attributes, the offset table, and each chunk's coordinates and size.
 */
function readPizChunks(bytes: Uint8Array, source: string): PizFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (from: number): [string, number] => {
    const end = bytes.indexOf(0, from);
    return [String.fromCharCode(...bytes.subarray(from, end)), end + 1];
  };
  const channels: ExrBlockChannel[] = [];
  let window = [0, 0, 0, 0];
  let tile: number[] | undefined;
  let at = 8;
  while (bytes[at] !== 0) {
    const [name, typeAt] = text(at);
    const [, sizeAt] = text(typeAt);
    const value = sizeAt + 4;
    if (name === 'compression') expect(bytes[value]).toBe(4);
    if (name === 'dataWindow') window = [0, 4, 8, 12].map((o) => view.getInt32(value + o, true));
    if (name === 'tiles') tile = [view.getUint32(value, true), view.getUint32(value + 4, true)];
    // Each channel: name, int32 pixel type, pLinear and 3 reserved bytes, int32 x and y sampling.
    for (let p = value; name === 'channels' && bytes[p] !== 0; ) {
      const [channel, fields] = text(p);
      const pixelType = view.getInt32(fields, true) as ExrPixelType;
      channels.push({ name: channel, pixelType, bytesPerSample: pixelType === ExrPixelType.Half ? 2 : 4 });
      p = fields + 16;
    }
    at = value + view.getInt32(sizeAt, true);
  }
  const width = window[2] - window[0] + 1;
  const height = window[3] - window[1] + 1;
  const [blockWidth, blockHeight] = tile ?? [width, 32];
  const count = Math.ceil(width / blockWidth) * Math.ceil(height / blockHeight);
  const bytesPerPixel = channels.reduce((sum, channel) => sum + channel.bytesPerSample, 0);
  const chunks: PizChunk[] = [];
  for (let i = 0; i < count; i++) {
    const chunkAt = Number(view.getBigUint64(at + 1 + 8 * i, true));
    // Tiles start with tile x, tile y, level x, level y; scanline blocks with their first line's y.
    const dataAt = chunkAt + (tile ? 20 : 8);
    const x = tile ? view.getInt32(chunkAt, true) * blockWidth : 0;
    const y = tile ? view.getInt32(chunkAt + 4, true) * blockHeight : view.getInt32(chunkAt, true) - window[1];
    const chunkWidth = Math.min(blockWidth, width - x);
    const lines = Math.min(blockHeight, height - y);
    const uncompressedSize = chunkWidth * lines * bytesPerPixel;
    const layout = { channels, width: chunkWidth, lines, y, uncompressedSize, source, offset: dataAt };
    chunks.push({ layout, x, data: bytes.subarray(dataAt, dataAt + view.getInt32(dataAt - 4, true)) });
  }
  return { width, height, channels, chunks };
}

const RGBA_INDEX: Readonly<Record<string, number>> = { R: 0, G: 1, B: 2, A: 3, Y: 0 };

/** Every chunk through decompressPiz (raw ones as stored), assembled as float32 HWC RGB(A) or Y. */
function decodeChunks(file: PizFile): Float32Array {
  const { width, channels } = file;
  const image = new Float32Array(width * file.height * channels.length);
  for (const { layout, data, x } of file.chunks) {
    const block = data.length === layout.uncompressedSize ? data : decompressPiz(data, layout);
    expect(block.length).toBe(layout.uncompressedSize);
    const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
    let at = 0;
    for (let line = 0; line < layout.lines; line++) {
      for (const channel of channels) {
        const base = ((layout.y + line) * width + x) * channels.length + RGBA_INDEX[channel.name];
        for (let i = 0; i < layout.width; i++, at += channel.bytesPerSample) {
          const value = channel.bytesPerSample === 2 ? halfTable[view.getUint16(at, true)] : view.getFloat32(at, true);
          image[base + i * channels.length] = value;
        }
      }
    }
  }
  return image;
}

function sha256(data: Float32Array): string {
  return createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
}

const PIZ_FIXTURES = fixtureIndex('exr').filter((entry) => entry.compression === 'piz');

describe('PIZ fixtures decode exactly as OpenCV (OpenEXR 3.1) decodes them', () => {
  it('covers scanline and tiled files, HALF and FLOAT, 1 to 4 channels, 14- and 16-bit wavelets', () => {
    // The wide-range files hold over 16,384 distinct values per chunk, which selects the 16-bit wavelet.
    expect(PIZ_FIXTURES.map((entry) => entry.name)).toEqual([
      'scan-piz-float-rgb',
      'scan-piz-float-rgb-wide-range',
      'scan-piz-half-rgb',
      'scan-piz-half-rgba',
      'scan-piz-half-rgba-wide-range',
      'scan-piz-half-y',
      'tile-piz-half-rgba',
    ]);
  });

  for (const { name } of PIZ_FIXTURES) {
    it(`${name}, chunk by chunk and through decodeExr`, () => {
      const bytes = readFixture('exr', `${name}.exr`);
      const reference = loadReference('exr', name);
      const image = decodeChunks(readPizChunks(bytes, name));
      expect(maxRelativeError(image, reference)).toBeLessThanOrEqual(1e-3);
      // PIZ is lossless: nothing may differ at all.
      expect(countDifferences(image, reference)).toBe(0);
      expect(countDifferences(decodeExr(bytes, { source: name }).image.data, reference)).toBe(0);
    });
  }
});

describe('full-size PIZ samples decode bit-exactly as OpenCV decodes them', () => {
  for (const name of ['CandleGlass', 'Desk', 'GoldenGate', 'StillLife']) {
    it(`${name}: every chunk, then the whole file through decodeExr`, () => {
      const bytes = new Uint8Array(readFileSync(join(SAMPLES, `${name}.exr`)));
      const file = readPizChunks(bytes, name);
      const json = gunzipSync(readFileSync(join(SAMPLE_REFERENCES, `${name}.json.gz`))).toString('utf8');
      const reference = JSON.parse(json) as { width: number; height: number; sha256: string };
      expect([file.width, file.height]).toEqual([reference.width, reference.height]);
      expect(file.chunks.length).toBeGreaterThan(25);
      expect(sha256(decodeChunks(file))).toBe(reference.sha256);
      expect(sha256(decodeExr(bytes, { source: name }).image.data)).toBe(reference.sha256);
    });
  }
});

/** Decodes or rejects with HdrFormatError naming the chunk; anything else fails the test. */
function outcome(data: Uint8Array, layout: ExrBlockLayout): 'decoded' | 'rejected' {
  try {
    expect(decompressPiz(data, layout).length).toBe(layout.uncompressedSize);
    return 'decoded';
  } catch (error) {
    if (!(error instanceof HdrFormatError)) throw error;
    expect(error.source).toBe(layout.source);
    expect(error.offset).toBeGreaterThanOrEqual(layout.offset);
    expect(error.offset).toBeLessThanOrEqual(layout.offset + data.length);
    return 'rejected';
  }
}

/** The byte ranges of a PIZ chunk: bitmap, Huffman header, code-length table, codes. */
function pizRegions(data: Uint8Array): { huffman: number; table: number; codes: number; end: number } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const first = view.getUint16(0, true);
  const last = view.getUint16(2, true);
  const lengthAt = 4 + (first <= last ? last - first + 1 : 0);
  const huffman = lengthAt + 4;
  const end = huffman + view.getUint32(lengthAt, true);
  return { huffman, table: huffman + 20, codes: end - Math.ceil(view.getUint32(huffman + 12, true) / 8), end };
}

describe('damaged PIZ chunks are rejected with HdrFormatError, never a hang or another error', () => {
  const tiles = readPizChunks(readFixture('exr', 'tile-piz-half-rgba.exr'), 'tile-piz-half-rgba.exr');
  const { data, layout } = tiles.chunks.find((chunk) => chunk.data.length < chunk.layout.uncompressedSize)!;
  const regions = pizRegions(data);
  const edited = (edit: (bytes: Uint8Array, view: DataView) => void): Uint8Array => {
    const bytes = data.slice();
    edit(bytes, new DataView(bytes.buffer));
    return bytes;
  };

  it('the chunk used here decodes, and its Huffman data ends the chunk', () => {
    expect(outcome(data, layout)).toBe('decoded');
    expect(regions.end).toBe(data.length);
    expect(regions.codes).toBeGreaterThan(regions.table);
  });

  it('rejects every truncation', () => {
    for (let length = 0; length < data.length; length++) expect(outcome(data.subarray(0, length), layout)).toBe('rejected');
  });

  it('rejects bitmap ranges past the bitmap or the chunk', () => {
    expect(outcome(edited((_, v) => v.setUint16(2, 8192, true)), layout)).toBe('rejected');
    expect(outcome(edited((_, v) => (v.setUint16(0, 0, true), v.setUint16(2, 8191, true))), layout)).toBe('rejected');
  });

  it('decodes the same from a bitmap stored from byte 0 that also marks zero, which is always present', () => {
    const first = data[0] | (data[1] << 8);
    const widened = new Uint8Array(data.length + first);
    widened.set(data.subarray(4), 4 + first);
    widened.set(data.subarray(2, 4), 2);
    widened[4] |= 1;
    expect(first).toBeGreaterThan(0);
    expect(decompressPiz(widened, layout)).toEqual(decompressPiz(data, layout));
  });

  it('rejects Huffman headers with bad symbol ranges, lengths or bit counts', () => {
    const at = regions.huffman;
    const cases: ((v: DataView) => void)[] = [
      (v) => v.setUint32(at - 4, data.length - at + 1, true),
      (v) => v.setUint32(at - 4, 19, true),
      (v) => v.setUint32(at, 65537, true),
      (v) => v.setUint32(at + 4, 65537, true),
      (v) => (v.setUint32(at, 9, true), v.setUint32(at + 4, 9, true)),
      (v) => v.setUint32(at + 12, 0xffffffff, true),
      (v) => v.setUint32(at + 12, 0, true),
      (v) => v.setUint32(at + 12, v.getUint32(at + 12, true) - 9, true),
    ];
    for (const edit of cases) expect(outcome(edited((_, v) => edit(v)), layout)).toBe('rejected');
  });

  it('rejects code-length tables that are all zero or all runs', () => {
    expect(outcome(edited((b) => b.fill(0, regions.table, regions.codes)), layout)).toBe('rejected');
    expect(outcome(edited((b) => b.fill(0xff, regions.table, regions.codes)), layout)).toBe('rejected');
  });

  it('decodes to the right size or rejects each byte of the chunk flipped, and rejects most table flips', () => {
    let tableRejections = 0;
    for (let at = 0; at < data.length; at++) {
      const result = outcome(edited((b) => (b[at] ^= 0xff)), layout);
      if (result === 'rejected' && at >= regions.table && at < regions.codes) tableRejections++;
    }
    expect(tableRejections).toBeGreaterThan((regions.codes - regions.table) / 2);
  });

  it('decodes to the right size or rejects 3000 randomly damaged copies', () => {
    const rng = seededRng(0x91a);
    const counts = { decoded: 0, rejected: 0 };
    for (let i = 0; i < 3000; i++) counts[outcome(mutate(data, rng, regions.codes), layout)]++;
    expect(counts.rejected).toBeGreaterThan(1000);
  });

  it('rejects a layout whose size does not match its channels', () => {
    expect(outcome(data, { ...layout, uncompressedSize: layout.uncompressedSize - 2 })).toBe('rejected');
  });
});

/** OpenEXR's forward 14-bit pair transform: average and difference, as 16-bit signed values. */
function encode14(a: number, b: number): [number, number] {
  const as = (a << 16) >> 16;
  const bs = (b << 16) >> 16;
  return [((as + bs) >> 1) & 0xffff, (as - bs) & 0xffff];
}

/** OpenEXR's forward modular transform, lossless over all 16-bit values. */
function encode16(a: number, b: number): [number, number] {
  const ao = (a + 0x8000) & 0xffff;
  const d = ao - b;
  const m = (ao + b) >> 1;
  return [d < 0 ? (m + 0x8000) & 0xffff : m, d & 0xffff];
}

/** The encoder's 2D wavelet, finest level first, in the reference's traversal order. */
function forwardWavelet(d: Uint16Array, start: number, nx: number, ox: number, ny: number, oy: number, wide: boolean): void {
  const pair = wide ? encode16 : encode14;
  const apply = (i: number, j: number) => ([d[i], d[j]] = pair(d[i], d[j]));
  for (let p = 1, p2 = 2; p2 <= Math.min(nx, ny); p = p2, p2 *= 2) {
    let py = start;
    for (; py <= start + oy * (ny - p2); py += oy * p2) {
      let px = py;
      for (; px <= py + ox * (nx - p2); px += ox * p2) {
        const [p01, p10] = [px + ox * p, px + oy * p];
        const [i00, i01] = pair(d[px], d[p01]);
        const [i10, i11] = pair(d[p10], d[p10 + ox * p]);
        [d[px], d[p10]] = pair(i00, i10);
        [d[p01], d[p10 + ox * p]] = pair(i01, i11);
      }
      if (nx & p) apply(px, px + oy * p);
    }
    if (ny & p) for (let px = py; px <= py + ox * (nx - p2); px += ox * p2) apply(px, px + ox * p);
  }
}

/** Runs `invert` on copies of `data` and `values` in kernel memory; returns the data afterwards. */
function inverseInKernel(
  data: Uint16Array,
  values: Uint16Array,
  invert: (dataAt: number, valuesAt: number) => void,
): Uint16Array {
  const valuesAt = kernelScratchStart();
  const dataAt = valuesAt + values.byteLength;
  expect(reserveKernelMemory(dataAt + data.byteLength)).toBe(true);
  const { buffer } = decodingKernel().memory;
  new Uint16Array(buffer, valuesAt, values.length).set(values);
  new Uint16Array(buffer, dataAt, data.length).set(data);
  invert(dataAt, valuesAt);
  return new Uint16Array(buffer, dataAt, data.length).slice();
}

describe('PIZ wavelet', () => {
  const rng = seededRng(0x3a7e);
  const identity = Uint16Array.from({ length: 65536 }, (_, i) => i);
  const scrambled = Uint16Array.from({ length: 65536 }, (_, i) => (i * 40503 + 7) & 0xffff);
  const sizes = [[1, 1], [1, 9], [9, 1], [2, 2], [3, 2], [5, 3], [32, 24], [33, 17], [97, 32], [128, 5]];

  for (const [maxValue, label] of [[16383, '14-bit'], [65535, '16-bit']] as const) {
    it(`${label}: inverts the encoder's transform on planes of every shape, one or two words per sample`, () => {
      for (const [nx, ny] of sizes) {
        for (const words of [1, 2]) {
          const start = 3;
          const size = nx * ny * words;
          const original = Uint16Array.from({ length: start + size + 2 }, () => Math.floor(rng() * (maxValue + 1)));
          // Equal neighbours as well, as in images: many wavelet details are then zero.
          if (nx > 2) for (let i = start; i < original.length - 2; i += 2) original[i + 1] = original[i];
          const data = original.slice();
          for (let word = 0; word < words; word++) {
            forwardWavelet(data, start + word, nx, words, ny, nx * words, maxValue >= 16384);
          }
          for (const values of [identity, scrambled]) {
            const decoded = inverseInKernel(data, values, (dataAt, valuesAt) => {
              for (let word = 0; word < words; word++) {
                const plane = { start: start + word, nx, xStride: words, ny, yStride: nx * words };
                inverseHaarWavelet(dataAt, plane, maxValue, valuesAt);
              }
            });
            const expected = original.map((v, i) => (i >= start && i < start + size ? values[v] : v));
            expect(countDifferences(decoded, expected), `${nx}x${ny}, ${words} word(s)`).toBe(0);
          }
        }
      }
    });
  }
});
