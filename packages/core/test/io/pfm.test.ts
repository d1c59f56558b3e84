import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHdrImage, type HdrImage } from '../../src/image/hdr-image.js';
import { HdrFormatError } from '../../src/io/errors.js';
import { decodePfm, encodePfm } from '../../src/io/pfm/index.js';
import { expectHdrFormatError } from '../support/format-error.js';
import { seededRng } from '../support/mutate.js';
import { loadReference } from '../support/reference.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'pfm');

/** Written by tools/fixtures/make-rgbe-pfm-fixtures.py. */
interface FixtureEntry {
  width: number;
  height: number;
  channels: number;
  byteOrder: string;
  reference: 'opencv' | 'script';
  scale?: number;
}

const index = JSON.parse(readFileSync(join(FIXTURES, 'index.json'), 'utf8')) as Record<string, FixtureEntry>;

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, `${name}.pfm`)));
}

function referenceBits(name: string): Uint32Array {
  return bits(loadReference('pfm', name));
}

function bits(data: Float32Array): Uint32Array {
  return new Uint32Array(data.buffer, data.byteOffset, data.length);
}

function countBitDifferences(actual: Uint32Array, expected: Uint32Array): number {
  let differences = 0;
  for (let i = 0; i < expected.length; i++) if (actual[i] !== expected[i]) differences++;
  return differences;
}

function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

describe('PFM fixtures decode bit for bit like their references', () => {
  for (const [name, entry] of Object.entries(index)) {
    it(`${name}: ${entry.width}x${entry.height}x${entry.channels} ${entry.byteOrder}, reference ${entry.reference}`, () => {
      const { image, info } = decodePfm(fixture(name), { source: name });
      expect([image.width, image.height, image.channels]).toEqual([entry.width, entry.height, entry.channels]);
      expect(info).toMatchObject({ format: 'pfm', pixelType: 'float', compression: 'none', channels: entry.channels });
      expect(info.channelNames).toEqual(entry.channels === 3 ? ['R', 'G', 'B'] : ['Y']);
      expect(info.details).toEqual({ byteOrder: entry.byteOrder, scale: entry.scale ?? 1 });
      const expected = referenceBits(name);
      expect(image.data.length).toBe(expected.length);
      expect(countBitDifferences(bits(image.data), expected)).toBe(0);
    });
  }

  it('the special-values fixture holds NaN, infinities, signed zeros and subnormals', () => {
    const data = Array.from(decodePfm(fixture('special')).image.data);
    expect(data.slice(0, 3)).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(Object.is(data[5], -0)).toBe(true);
    expect(data[6]).toBeGreaterThan(0);
    expect(data[6]).toBeLessThan(2 ** -126);
  });
});

function randomBitsImage(width: number, height: number, channels: 1 | 3, seed: number): HdrImage {
  const rng = seededRng(seed);
  const image = createHdrImage(width, height, channels);
  const words = bits(image.data);
  // Every bit pattern: NaNs with payloads, infinities, negatives, subnormals and signed zeros included.
  for (let i = 0; i < words.length; i++) words[i] = Math.floor(rng() * 2 ** 32);
  words.set([0x7fc00000, 0x7f800001, 0xffffffff, 0x7f800000, 0xff800000, 0x80000000, 0x00000001, 0xbf800000]);
  return image;
}

describe('PFM round trips', () => {
  for (const channels of [1, 3] as const) {
    for (const littleEndian of [true, false]) {
      it(`${channels} channel(s), ${littleEndian ? 'little' : 'big'}-endian: write -> read is bit-exact`, () => {
        const input = randomBitsImage(37, 11, channels, channels * 10 + (littleEndian ? 1 : 2));
        const encoded = encodePfm(input, { littleEndian });
        const header = `${channels === 3 ? 'PF' : 'Pf'}\n37 11\n${littleEndian ? '-1.0' : '1.0'}\n`;
        expect(String.fromCharCode(...encoded.subarray(0, header.length))).toBe(header);
        expect(encoded.length).toBe(header.length + 37 * 11 * channels * 4);
        const { image, info } = decodePfm(encoded);
        expect(info.details.byteOrder).toBe(littleEndian ? 'little-endian' : 'big-endian');
        expect([image.width, image.height, image.channels]).toEqual([37, 11, channels]);
        expect(countBitDifferences(bits(image.data), bits(input.data))).toBe(0);
      });
    }
  }

  it('defaults to little-endian and writes rows bottom to top', () => {
    const input = createHdrImage(1, 2, 1, Float32Array.from([1, 2]));
    const encoded = encodePfm(input);
    const body = encoded.subarray(encoded.length - 8);
    expect(Array.from(body)).toEqual([0, 0, 0, 64, 0, 0, 128, 63]);
  });

  it('decodes from a buffer at an unaligned offset and reports trailing bytes', () => {
    const encoded = encodePfm(randomBitsImage(5, 3, 3, 99));
    const shifted = new Uint8Array(encoded.length + 8);
    shifted.set(encoded, 1);
    const { image, info } = decodePfm(shifted.subarray(1));
    expect(info.details.trailingBytes).toBe(7);
    expect(countBitDifferences(bits(image.data), bits(decodePfm(encoded).image.data))).toBe(0);
  });

  it('refuses alpha with a clear error', () => {
    expect(() => encodePfm(createHdrImage(2, 2, 4))).toThrow(/PFM cannot store alpha/);
  });
});

function expectFormatError(bytes: Uint8Array, pattern: RegExp, options = {}): HdrFormatError {
  return expectHdrFormatError(() => decodePfm(bytes, { source: 'bad.pfm', ...options }), pattern);
}

describe('PFM corrupt and truncated input', () => {
  const data = new Uint8Array(2 * 3 * 3 * 4);

  it('rejects bad headers', () => {
    expectFormatError(new Uint8Array(0), /"PF" or "Pf"/);
    expectFormatError(latin1('P6\n2 3\n255\n'), /"PF" or "Pf"/);
    expectFormatError(latin1('PF4\n2 3\n-1\n'), /the type/);
    expectFormatError(latin1('PF\n2'), /the width/);
    expectFormatError(latin1('PF\n2 3\n-1'), /the scale followed by whitespace/);
    expectFormatError(latin1('PF\nabc 3\n-1\n'), /decimal width and height/);
    expectFormatError(latin1('PF\n2.5 3\n-1\n'), /decimal width and height/);
    expectFormatError(latin1('PF\n0 3\n-1\n'), /positive integer image dimensions/);
    expectFormatError(latin1(`PF\n${'9'.repeat(80)} 3\n-1\n`), /the width/);
    for (const scale of ['0', '-0.0', 'nan', 'inf', '-Infinity', '1e999', 'x1']) {
      expectFormatError(latin1(`PF\n2 3\n${scale}\n`), /finite, non-zero scale/);
    }
  });

  it('checks dimensions against maxPixels before allocating', () => {
    const error = expectFormatError(latin1('PF\n100000 100000\n-1\n'), /at most 1000 pixels/, { maxPixels: 1000 });
    expect(error.offset).toBe(3);
  });

  it('names expected and actual byte counts when the data is short', () => {
    const header = latin1('PF\n2 3\n-1\n');
    const file = new Uint8Array(header.length + data.length - 1);
    file.set(header);
    const error = expectFormatError(file, /72 bytes of float data \(2x3x3\).*file has 71/);
    expect(error.offset).toBe(header.length);
  });

  it('every truncation of a fixture throws HdrFormatError', () => {
    for (const name of ['colour-le', 'grey-be', 'crlf']) {
      const bytes = fixture(name);
      for (let length = 0; length < bytes.length; length += 97) expectFormatError(bytes.subarray(0, length), /./);
    }
  });
});
