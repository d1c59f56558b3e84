import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HdrFormatError } from '../../src/io/errors.js';
import { decodeExr, readExrHeader } from '../../src/io/exr/index.js';
import { fixtureIndex, loadReference, maxRelativeError, readFixture } from '../support/reference.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'data', 'samples');
const COMPRESSIONS_HERE = new Set(['none', 'rle', 'zips', 'zip', 'pxr24']);
const fixtures = fixtureIndex('exr').filter((fixture) => COMPRESSIONS_HERE.has(fixture.compression));

describe('EXR fixtures decode as OpenCV (OpenEXR 3.1) decodes them', () => {
  it('covers scanline and tiled files in every compression handled here', () => {
    expect(new Set(fixtures.map((f) => f.compression))).toEqual(COMPRESSIONS_HERE);
    expect(fixtures.filter((f) => f.tiled).length).toBe(5);
    expect(fixtures.length).toBe(26);
  });

  for (const fixture of fixtures) {
    it(`${fixture.name}: ${fixture.width}x${fixture.height}x${fixture.channels} ${fixture.pixelType}`, () => {
      const { image, info } = decodeExr(readFixture('exr', `${fixture.name}.exr`), { source: fixture.name });
      expect([image.width, image.height, image.channels]).toEqual([fixture.width, fixture.height, fixture.channels]);
      expect(info.format).toBe('exr');
      expect(info.compression).toBe(fixture.compression);
      expect(info.pixelType).toBe(fixture.pixelType);
      expect(info.details.tiled).toBe(fixture.tiled);
      expect(maxRelativeError(image.data, loadReference('exr', fixture.name))).toBeLessThanOrEqual(1e-3);
    });
  }

  it('reports a data window that does not start at 0, and decodes exactly that window', () => {
    const { image, info } = decodeExr(readFixture('exr', 'scan-no-half-rgb-window.exr'));
    expect([image.width, image.height]).toEqual([97, 61]);
    expect(info.details.dataWindow).toBe('13,-7,109,53');
    expect(info.details.displayWindow).toBe('0,0,96,60');
  });

  it('describes tiling: tile size, level mode, and that only level 0 of a mipmap is read', () => {
    const single = readExrHeader(readFixture('exr', 'tile-zip-half-rgba.exr'));
    expect(single.details).toMatchObject({ tiled: true, tileSize: '32x24', levelMode: 'one', lineOrder: 'increasing' });
    const mipmap = readExrHeader(readFixture('exr', 'tile-mipmap-zip-half-rgba.exr'));
    // 97x61 rounded down: 97, 48, 24, 12, 6, 3, 1 pixels wide.
    expect(mipmap.details).toMatchObject({ tileSize: '16x16', levelMode: 'mipmap', levelRounding: 'down', levels: 7 });
    expect(String(mipmap.details.levelRead)).toContain('level 0');
  });

  it('reads the header alone with the same description as a full decode', () => {
    const bytes = readFixture('exr', 'scan-zip-half-rgba.exr');
    const header = readExrHeader(bytes);
    expect(header).toEqual(decodeExr(bytes).info);
    expect(header.channelNames).toEqual(['A', 'B', 'G', 'R']);
    expect(header.channels).toBe(4);
  });

  it('names all stored channels of a luminance file and decodes it to one channel', () => {
    const { image, info } = decodeExr(readFixture('exr', 'scan-zip-half-y.exr'));
    expect(image.channels).toBe(1);
    expect(info.channelNames).toEqual(['Y']);
    expect(info.details.decodedChannels).toBe('Y');
  });
});

describe('full-size ZIP samples', () => {
  const decodeSample = (name: string) => decodeExr(new Uint8Array(readFileSync(join(SAMPLES, name))), { source: name });

  it('Ocean.exr (tiled 128x128, ZIP) decodes to finite, non-negative RGB', () => {
    const { image, info } = decodeSample('Ocean.exr');
    expect([image.width, image.height, image.channels]).toEqual([1255, 876, 3]);
    expect(info.details).toMatchObject({
      tiled: true,
      tileSize: '128x128',
      owner: 'Copyright 2004 Industrial Light & Magic',
    });
    let bad = 0;
    let sum = 0;
    for (const value of image.data) {
      if (!Number.isFinite(value) || value < 0) bad++;
      sum += value;
    }
    expect(bad).toBe(0);
    expect(sum / image.data.length).toBeGreaterThan(1);
    expect(sum / image.data.length).toBeLessThan(100);
  });

  it('WideColorGamut.exr (scanline ZIP) decodes to finite values, with its chromaticities reported', () => {
    const { image, info } = decodeSample('WideColorGamut.exr');
    expect([image.width, image.height, image.channels]).toEqual([800, 800, 3]);
    expect(info.details.chromaticities).toBe('0.64,0.33,0.3,0.6,0.15,0.06,0.3127,0.329');
    let nonFinite = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const value of image.data) {
      if (!Number.isFinite(value)) nonFinite++;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    expect(nonFinite).toBe(0);
    // Colours outside the sRGB gamut have negative components in this wide-gamut image; OpenCV reads the
    // same extremes (-1.302734375 in R, 21.4375 in B).
    expect(min).toBe(-1.302734375);
    expect(max).toBe(21.4375);
  });
});

describe('EXR header validation', () => {
  const valid = () => readFixture('exr', 'scan-no-half-rgb.exr');

  it('rejects a file that is not OpenEXR, naming the source', () => {
    const notExr = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => decodeExr(notExr, { source: 'x.exr' })).toThrow(/x\.exr: expected the OpenEXR magic/);
  });

  it('rejects an unsupported version', () => {
    const bytes = valid();
    bytes[4] = 3;
    expect(() => decodeExr(bytes)).toThrow(HdrFormatError);
  });

  it('rejects a header cut short, at the offset where it ends', () => {
    const bytes = valid().subarray(0, 120);
    const error = captureError(() => decodeExr(bytes));
    expect(error).toBeInstanceOf(HdrFormatError);
    expect(error.offset).toBeGreaterThan(8);
  });

  it('checks the data window against maxPixels before allocating', () => {
    expect(() => decodeExr(valid(), { maxPixels: 97 * 61 - 1 })).toThrow(/at most 5916 pixels/);
  });

  it('rejects a truncated chunk area with the offset of the failing chunk', () => {
    const bytes = valid();
    const error = captureError(() => decodeExr(bytes.subarray(0, bytes.length - 100)));
    expect(error).toBeInstanceOf(HdrFormatError);
    expect(error.offset).toBeGreaterThan(300);
  });
});

function captureError(action: () => unknown): HdrFormatError {
  try {
    action();
  } catch (error) {
    if (error instanceof HdrFormatError) return error;
    throw error;
  }
  throw new Error('expected an HdrFormatError');
}
