import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHdrImage, type HdrImage } from '../../src/image/hdr-image.js';
import { HdrFormatError } from '../../src/io/errors.js';
import { decodeRgbe, encodeRgbe } from '../../src/io/rgbe/index.js';
import { expectHdrFormatError } from '../support/format-error.js';
import { seededRng } from '../support/mutate.js';
import { countDifferences, loadReference, maxRelativeError } from '../support/reference.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rgbe');

/** Written by tools/fixtures/make-rgbe-pfm-fixtures.py. */
interface FixtureEntry {
  width: number;
  height: number;
  channels: number;
  compression: string;
  reference: 'opencv' | 'script';
  orientation?: string;
  exposure?: number;
}

const index = JSON.parse(readFileSync(join(FIXTURES, 'index.json'), 'utf8')) as Record<string, FixtureEntry>;

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, `${name}.hdr`)));
}

const reference = (name: string): Float32Array => loadReference('rgbe', name);



function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

function radianceFile(resolution: string, pixels: number[], headerLines = ''): Uint8Array {
  return concat(latin1(`#?RADIANCE\n${headerLines}FORMAT=32-bit_rle_rgbe\n\n${resolution}\n`), pixels);
}

describe('RGBE fixtures decode like their references', () => {
  for (const [name, entry] of Object.entries(index)) {
    it(`${name}: ${entry.width}x${entry.height} ${entry.compression}, reference ${entry.reference}`, () => {
      const { image, info } = decodeRgbe(fixture(name), { source: name });
      expect([image.width, image.height, image.channels]).toEqual([entry.width, entry.height, 3]);
      expect(info.format).toBe('rgbe');
      expect(info.pixelType).toBe('rgbe');
      expect(info.channelNames).toEqual(['R', 'G', 'B']);
      expect(info.compression).toBe(entry.compression);
      if (entry.orientation) expect(info.details.orientation).toBe(entry.orientation);
      const expected = reference(name);
      expect(image.data.length).toBe(expected.length);
      if (entry.reference === 'opencv') {
        expect(countDifferences(image.data, expected)).toBe(0);
      } else {
        expect(maxRelativeError(image.data, expected)).toBeLessThanOrEqual(1e-3);
      }
    });
  }

  it('orientation fixtures hold identical pixels whatever the scanline order', () => {
    const standard = decodeRgbe(fixture('rle')).image.data;
    const names = Object.keys(index).filter((name) => name.startsWith('orient-'));
    expect(names).toHaveLength(7);
    for (const name of names) expect(countDifferences(decodeRgbe(fixture(name)).image.data, standard)).toBe(0);
  });

  it('reports the header: program, cumulative EXPOSURE, COLORCORR, variables and commands', () => {
    const { info } = decodeRgbe(fixture('exposure'));
    expect(info.details).toMatchObject({
      program: 'RGBE',
      pixelFormat: '32-bit_rle_rgbe',
      orientation: '-Y 61 +X 97',
      exposure: 3,
      exposureApplied: true,
      COLORCORR: '1 1.5 2',
      GAMMA: '1.0',
      PRIMARIES: '0.640 0.330 0.300 0.600 0.150 0.060 0.3127 0.3290',
      VIEW: '-vtv -vp 0 0 0 -vd 0 1 0',
      SOFTWARE: 'make-rgbe-pfm-fixtures',
      commands: '# pfilt -e 3 candle.hdr',
      newStyleRleScanlines: 61,
      flatScanlines: 0,
    });
    expect(info.details.rgbeDecoding).toContain('m * 2^(e-136)');
  });

  it('applyExposure: false returns the stored values, exactly what OpenCV decodes', () => {
    const { image, info } = decodeRgbe(fixture('exposure'), { applyExposure: false });
    expect(info.details.exposureApplied).toBe(false);
    expect(countDifferences(image.data, reference('rle'))).toBe(0);
  });

  it('reports XYZE conversion and counts scanline kinds', () => {
    expect(decodeRgbe(fixture('xyze')).info.details.colorSpace).toMatch(/XYZ.*BT\.709/);
    expect(decodeRgbe(fixture('mixed')).info.details).toMatchObject({ newStyleRleScanlines: 31, flatScanlines: 30 });
    expect(decodeRgbe(fixture('old-rle')).info.details).toMatchObject({ oldStyleRleScanlines: 6, flatScanlines: 0 });
  });
});

describe('RGBE decoding of hand-made files', () => {
  // (128, 64, 0, e = 129): 128 * 2^-7 = 1, 64 * 2^-7 = 0.5; e = 0 is zero whatever the mantissas.
  const pixels = [128, 64, 0, 129, 200, 100, 50, 0];

  it('decodes m * 2^(e-136) by default and (m + 0.5) * 2^(e-136) with mantissaOffset 0.5', () => {
    const file = radianceFile('-Y 1 +X 2', pixels);
    expect(Array.from(decodeRgbe(file).image.data)).toEqual([1, 0.5, 0, 0, 0, 0]);
    const radiance = decodeRgbe(file, { mantissaOffset: 0.5 });
    expect(Array.from(radiance.image.data)).toEqual([128.5 / 128, 64.5 / 128, 0.5 / 128, 0, 0, 0]);
    expect(radiance.info.details.rgbeDecoding).toContain('(m + 0.5)');
  });

  it('multiplies repeated EXPOSURE lines and divides by the product', () => {
    const file = radianceFile('-Y 1 +X 2', pixels, 'EXPOSURE=4\nEXPOSURE=0.5\n');
    const { image, info } = decodeRgbe(file);
    expect(info.details.exposure).toBe(2);
    expect(Array.from(image.data)).toEqual([0.5, 0.25, 0, 0, 0, 0]);
  });

  it('accepts CR LF header lines, a missing FORMAT line and any #? program', () => {
    const file = concat(latin1('#?pcomb\r\nSOFTWARE=x\r\n\r\n-Y 1 +X 2\r\n'), pixels);
    const { image, info } = decodeRgbe(file);
    expect(info.details.program).toBe('pcomb');
    expect(Array.from(image.data)).toEqual([1, 0.5, 0, 0, 0, 0]);
  });

  it('places pixels for every orientation as the standard one displays them', () => {
    // Stored pixels 0..5 (grey, value = index + 1), scanlines of 3 or 2 pixels.
    const stored = [1, 2, 3, 4, 5, 6].flatMap((v) => [v * 16, v * 16, v * 16, 132]);
    const cases: [string, number[]][] = [
      ['-Y 2 +X 3', [1, 2, 3, 4, 5, 6]],
      ['+Y 2 +X 3', [4, 5, 6, 1, 2, 3]],
      ['-Y 2 -X 3', [3, 2, 1, 6, 5, 4]],
      ['+Y 2 -X 3', [6, 5, 4, 3, 2, 1]],
      ['+X 3 -Y 2', [1, 3, 5, 2, 4, 6]],
      ['+X 3 +Y 2', [2, 4, 6, 1, 3, 5]],
      ['-X 3 -Y 2', [5, 3, 1, 6, 4, 2]],
      ['-X 3 +Y 2', [6, 4, 2, 5, 3, 1]],
    ];
    for (const [resolution, expected] of cases) {
      const { image } = decodeRgbe(radianceFile(resolution, stored));
      expect([image.width, image.height], resolution).toEqual([3, 2]);
      const grey = Array.from({ length: 6 }, (_, i) => image.data[i * 3]);
      expect(grey, resolution).toEqual(expected);
    }
  });

  it('old-style runs: consecutive markers carry successively higher count bytes', () => {
    // 1 literal + (4 + 1 * 256) repeats = 261 pixels.
    const file = radianceFile('-Y 1 +X 261', [128, 0, 0, 130, 1, 1, 1, 4, 1, 1, 1, 1]);
    const { image, info } = decodeRgbe(file);
    expect(info.compression).toBe('rle');
    expect(image.data.every((v, i) => v === (i % 3 === 0 ? 2 : 0))).toBe(true);
    // Widths below 8 never use new-style RLE: 2, 2, 0, e is an ordinary pixel there.
    const narrow = radianceFile('-Y 1 +X 3', [2, 2, 0, 130, 1, 1, 1, 2]);
    expect(Array.from(decodeRgbe(narrow).image.data)).toEqual([0.03125, 0.03125, 0, 0.03125, 0.03125, 0, 0.03125, 0.03125, 0]);
  });
});

/** Encoder bound: each component within half a quantisation step, 2^(e-137), of its clamped input. */
function expectWithinQuantisation(input: HdrImage, decoded: HdrImage): void {
  const largest = 255 * 2 ** 119;
  const clampInput = (v: number) => (v > 0 ? Math.min(v, largest) : 0);
  let worst = 0;
  for (let p = 0; p < input.width * input.height; p++) {
    const original = [0, 1, 2].map((c) => clampInput(input.data[p * input.channels + (input.channels === 1 ? 0 : c)]));
    const got = [0, 1, 2].map((c) => decoded.data[p * 3 + c]);
    const decodedMax = Math.max(...got);
    if (decodedMax === 0) {
      expect(Math.max(...original)).toBeLessThan(2 ** -128);
      continue;
    }
    // The largest decoded mantissa is in [128, 255], so its exponent e gives 2^(e-136) = 2^(floor(log2 max) - 7).
    const halfStep = 2 ** (Math.floor(Math.log2(decodedMax)) - 8);
    for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(original[c] - got[c]) / halfStep);
  }
  expect(worst).toBeLessThanOrEqual(1);
}

function randomImage(width: number, height: number, channels: 1 | 3, seed: number): HdrImage {
  const rng = seededRng(seed);
  const image = createHdrImage(width, height, channels);
  for (let i = 0; i < image.data.length; i++) image.data[i] = 2 ** (rng() * 40 - 20) * rng();
  return image;
}

describe('RGBE encoder round trips', () => {
  const shapes: [number, number, string][] = [
    [1, 3, 'flat'],
    [7, 5, 'flat'],
    [8, 4, 'rle'],
    [97, 13, 'rle'],
    [32767, 2, 'rle'],
    [32768, 1, 'flat'],
    [40000, 2, 'flat'],
  ];
  for (const [width, height, compression] of shapes) {
    it(`${width}x${height}: ${compression} scanlines, every component within 2^(e-137) of its input`, () => {
      const input = randomImage(width, height, 3, width * 31 + height);
      const decoded = decodeRgbe(encodeRgbe(input));
      expect(decoded.info.compression).toBe(compression);
      expect([decoded.image.width, decoded.image.height]).toEqual([width, height]);
      expectWithinQuantisation(input, decoded.image);
    });
  }

  it('long constant runs are split into runs of at most 127 and stay exact', () => {
    const input = createHdrImage(1000, 3, 3);
    input.data.fill(0.75);
    for (let x = 400; x < 405; x++) input.data.set([1, 2, 3], (1000 + x) * 3);
    const encoded = encodeRgbe(input);
    expect(encoded.length).toBeLessThan(400);
    const decoded = decodeRgbe(encoded);
    expect(decoded.info.compression).toBe('rle');
    expect(countDifferences(decoded.image.data, input.data)).toBe(0);
  });

  it('grey images are written as R = G = B', () => {
    const input = randomImage(50, 4, 1, 7);
    const decoded = decodeRgbe(encodeRgbe(input)).image;
    for (let p = 0; p < 200; p++) {
      expect(decoded.data[p * 3 + 1]).toBe(decoded.data[p * 3]);
      expect(decoded.data[p * 3 + 2]).toBe(decoded.data[p * 3]);
    }
    expectWithinQuantisation(input, decoded);
  });

  it('clamps negative and NaN to 0 and +Infinity to the largest value; tiny pixels become 0', () => {
    const values = [NaN, -1, 0.5, Infinity, 1, -Infinity, 1e38, 3e38, 1, 1e-39, 2e-39, 0, 3e-39, 1e-40, 1e-45];
    const input = createHdrImage(5, 1, 3, Float32Array.from(values));
    const decoded = decodeRgbe(encodeRgbe(input)).image;
    expect(Array.from(decoded.data.subarray(0, 6))).toEqual([0, 0, 0.5, 255 * 2 ** 119, 0, 0]);
    expectWithinQuantisation(input, decoded);
    expect(Array.from(decoded.data.subarray(9, 12))).toEqual([0, 0, 0]);
  });

  it('decoded RGBE values re-encode to themselves', () => {
    const original = decodeRgbe(fixture('rle')).image;
    expect(countDifferences(decodeRgbe(encodeRgbe(original)).image.data, original.data)).toBe(0);
  });

  it('refuses alpha', () => {
    expect(() => encodeRgbe(createHdrImage(2, 2, 4))).toThrow(/alpha/);
  });
});

function expectFormatError(bytes: Uint8Array, pattern: RegExp, options = {}): HdrFormatError {
  return expectHdrFormatError(() => decodeRgbe(bytes, { source: 'bad.hdr', ...options }), pattern);
}

describe('RGBE corrupt and truncated input', () => {
  const header = '#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n';

  it('rejects bad headers with a clear message', () => {
    expectFormatError(new Uint8Array(0), /#\?/);
    expectFormatError(latin1('P6\n1 1\n255\n'), /#\?/);
    expectFormatError(latin1('#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n'), /file ends inside the header/);
    expectFormatError(latin1(`#?RADIANCE\n${'x'.repeat(20000)}\n\n-Y 1 +X 1\n`), /header line of at most/);
    expectFormatError(latin1(`#?RADIANCE\n${'a\n'.repeat(5000)}\n-Y 1 +X 1\n`), /at most 4096 lines/);
    expectFormatError(latin1('#?RADIANCE\nFORMAT=32-bit_rle_cmyk\n\n-Y 1 +X 1\n\0\0\0\0'), /FORMAT=32-bit_rle_rgbe/);
    for (const exposure of ['0', '-2', 'abc', '1e999']) {
      expectFormatError(latin1(`#?RADIANCE\nEXPOSURE=${exposure}\n\n-Y 1 +X 1\n\0\0\0\0`), /EXPOSURE/);
    }
    expectFormatError(latin1('#?RADIANCE\nCOLORCORR=1 1\n\n-Y 1 +X 1\n\0\0\0\0'), /COLORCORR/);
  });

  it('rejects bad resolution strings and oversized images before allocating', () => {
    for (const resolution of ['-Y 2 +Y 2', '-Z 2 +X 2', '-Y 2', 'Y 2 X 2', '-Y -2 +X 2']) {
      expectFormatError(latin1(`${header}${resolution}\n\0\0\0\0`), /resolution string/);
    }
    expectFormatError(latin1(`${header}-Y 0 +X 5\n`), /positive integer image dimensions/);
    const huge = expectFormatError(latin1(`${header}-Y 100000 +X 100000\n\0\0\0\0`), /at most 1000 pixels/, { maxPixels: 1000 });
    expect(huge.offset).toBe(header.length);
    expectFormatError(latin1(`${header}-Y 1000 +X 1000\n\0\0\0\0`), /bytes of pixel data/);
  });

  it('rejects overflowing runs, bad line headers, zero counts and missing lines, naming the byte offset', () => {
    const start = header.length + '-Y 2 +X 8\n'.length;
    const line = (codes: number[]) => radianceFile('-Y 2 +X 8', codes);
    const good = [2, 2, 0, 8, 136, 1, 136, 2, 136, 3, 136, 130];
    expect(decodeRgbe(line([...good, ...good])).image.data[0]).toBe(2 ** -6);
    expect(expectFormatError(line([2, 2, 0, 9, ...good.slice(4), ...good]), /new-style RLE scanline of 8/).offset).toBe(start);
    expect(expectFormatError(line([2, 2, 0, 8, 137, 1, ...good.slice(6), ...good]), /run within/).offset).toBe(start + 4);
    expectFormatError(line([2, 2, 0, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...good]), /literals within/);
    expectFormatError(line([2, 2, 0, 8, 0, ...good.slice(4), ...good]), /non-zero run or literal count/);
    expect(expectFormatError(line(good), /another scanline/).offset).toBe(start + good.length);
    expectFormatError(line([...good, ...good.slice(0, 9)]), /the value of a run/);
    expectFormatError(line([...good, ...good.slice(0, 10)]), /more run-length data/);
  });

  it('rejects old-style runs with nothing to repeat or overflowing the line, and truncated flat lines', () => {
    expectFormatError(radianceFile('-Y 1 +X 3', [1, 1, 1, 2, 9, 9, 9, 9]), /pixel before an old-style run/);
    expectFormatError(radianceFile('-Y 1 +X 3', [9, 9, 9, 9, 1, 1, 1, 3]), /run within/);
    expectFormatError(radianceFile('-Y 1 +X 3', [9, 9, 9, 9, 1, 1, 1, 1, 1, 1, 1, 1]), /run within/);
    expectFormatError(radianceFile('-Y 1 +X 3', [9, 9, 9, 9, 9, 9, 9]), /another 4-byte pixel/);
  });

  it('every truncation of a fixture throws HdrFormatError', () => {
    for (const name of ['rle', 'flat', 'mixed', 'old-rle', 'orient-px-my']) {
      const bytes = fixture(name);
      for (let length = 0; length < bytes.length; length += 37) {
        expectFormatError(bytes.subarray(0, length), /./);
      }
    }
  });
});
