import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crop } from '../../src/image/crop.js';
import { createHdrImage, type ChannelCount, type HdrImage } from '../../src/image/hdr-image.js';
import type { LdrImage } from '../../src/image/ldr-image.js';
import { resize, type ResizeMethod } from '../../src/image/resize.js';

const FIXTURES = new URL('../fixtures/image-ops/', import.meta.url);

interface Index {
  sources: Record<string, { width: number; height: number; channels: ChannelCount }>;
  cases: Record<
    string,
    { source: string; crop: [number, number, number, number] | null; method: ResizeMethod; width: number; height: number; channels: ChannelCount }
  >;
}

const index = JSON.parse(readFileSync(new URL('index.json', FIXTURES), 'utf8')) as Index;

function readFloats(name: string): Float32Array {
  const bytes = gunzipSync(readFileSync(new URL(name, FIXTURES)));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function source(name: string): HdrImage {
  const { width, height, channels } = index.sources[name];
  return createHdrImage(width, height, channels, readFloats(`${name}.src.f32.gz`));
}

/** Largest |ours - OpenCV| divided by the reference's value range. */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  let min = Infinity;
  let max = -Infinity;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    min = Math.min(min, expected[i]);
    max = Math.max(max, expected[i]);
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  return worst / (max - min);
}

describe('resize parity with OpenCV cv2.resize', () => {
  const names = Object.keys(index.cases);
  it('has references for downscaling by 2, by 3, by a non-integer ratio, and upscaling', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'rgb-96x60-area-48x30',
        'rgb-96x60-area-32x20',
        'rgb-97x61-area-40x25',
        'rgb-40x30-bilinear-80x60',
        'rgb-97x61-bilinear-40x25',
      ]),
    );
  });

  it.each(names)('%s', (name) => {
    const spec = index.cases[name];
    let input = source(spec.source);
    if (spec.crop) input = crop(input, ...spec.crop);
    const out = resize(input, spec.width, spec.height, { method: spec.method });
    expect([out.width, out.height, out.channels]).toEqual([spec.width, spec.height, spec.channels]);
    const expected = readFloats(`${name}.ref.f32.gz`);
    expect(out.data.length).toBe(expected.length);
    expect(relativeError(out.data, expected)).toBeLessThanOrEqual(1e-5);
  });
});

describe('resize', () => {
  const ramp = createHdrImage(6, 1, 1, Float32Array.from([0, 1, 2, 3, 4, 5]));

  it('averages exact pixel areas for a non-integer ratio', () => {
    // 6 -> 4: each output covers 1.5 source pixels.
    const out = resize(ramp, 4, 1, { method: 'area' });
    expect(Array.from(out.data)).toEqual([(0 + 0.5) / 1.5, (0.5 + 2) / 1.5, (3 + 2) / 1.5, (4 * 0.5 + 5) / 1.5].map(Math.fround));
  });

  it('conserves the mean when shrinking by area', () => {
    const image = createHdrImage(97, 61, 1, Float32Array.from({ length: 97 * 61 }, (_, i) => (i * 7919) % 101));
    const mean = (data: Float32Array) => data.reduce((a, b) => a + b, 0) / data.length;
    expect(mean(resize(image, 97, 1, { method: 'area' }).data)).toBeCloseTo(mean(image.data), 3);
    expect(mean(resize(image, 1, 1).data)).toBeCloseTo(mean(image.data), 3);
  });

  it('interpolates with half-pixel centres and replicated edges', () => {
    const out = resize(createHdrImage(2, 1, 1, Float32Array.from([0, 4])), 4, 1, { method: 'bilinear' });
    expect(Array.from(out.data)).toEqual([0, 1, 3, 4]);
  });

  it('picks area when shrinking and bilinear otherwise', () => {
    const image = createHdrImage(4, 2, 1, Float32Array.from([0, 0, 0, 8, 0, 0, 0, 8]));
    expect(Array.from(resize(image, 1, 1).data)).toEqual([2]);
    expect(Array.from(resize(image, 1, 1, { method: 'bilinear' }).data)).toEqual([0]);
    expect(resize(image, 8, 1).data).toEqual(resize(image, 8, 1, { method: 'bilinear' }).data);
  });

  it('keeps a NaN from spreading into pixels that do not depend on it', () => {
    const out = resize(createHdrImage(3, 1, 1, Float32Array.from([1, NaN, 1])), 5, 1, { method: 'area' });
    expect(out.data[0]).toBe(1);
    expect(out.data[4]).toBe(1);
    expect(out.data[2]).toBeNaN();
  });

  it('keeps infinities where a pixel depends on one source pixel only', () => {
    const column = resize(createHdrImage(1, 2, 1, Float32Array.from([Infinity, 1])), 1, 4, { method: 'bilinear' });
    expect(Array.from(column.data)).toEqual([Infinity, Infinity, Infinity, 1]);
    const row = resize(createHdrImage(2, 1, 1, Float32Array.from([1, Infinity])), 4, 1, { method: 'bilinear' });
    expect(Array.from(row.data)).toEqual([1, Infinity, Infinity, Infinity]);
  });

  it('returns a copy at the same size and keeps LDR fields', () => {
    const ldr: LdrImage = { width: 2, height: 1, channels: 1, bitDepth: 16, data: Float32Array.from([0.2, 0.4]) };
    const same = resize(ldr, 2, 1);
    expect(same.data).toEqual(ldr.data);
    expect(same.data).not.toBe(ldr.data);
    expect(resize(ldr, 1, 1).bitDepth).toBe(16);
  });

  it('validates sizes and method', () => {
    expect(() => resize(ramp, 0, 1)).toThrow(/width must be a positive integer/);
    expect(() => resize(ramp, 2, 1.5)).toThrow(/height/);
    expect(() => resize(ramp, 2, 1, { method: 'cubic' as ResizeMethod })).toThrow(/method/);
  });
});
