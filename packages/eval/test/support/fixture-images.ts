import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createHdrImage, type HdrImage } from '@hdr-lab/core';

const FIXTURES = new URL('../fixtures/metrics/', import.meta.url);

export interface MetricFixtureCase {
  reference: string;
  test: string;
  metric: string;
  params: Record<string, number | string>;
  expected: number;
  tool: string;
  /** Both images enlarged by repeating each pixel this many times along each axis before scoring. */
  repeat?: number;
}

export interface MetricFixtureIndex {
  images: Record<string, { width: number; height: number; channels: 3; sample: 'f32' | 'u8' }>;
  cases: MetricFixtureCase[];
}

function readIndex(file: string): MetricFixtureIndex {
  return JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as MetricFixtureIndex;
}

/** scikit-image's PSNR / SSIM scores (tools/fixtures/make-metric-fixtures.py). */
export const metricFixtures = readIndex('index.json');
/** The independent NumPy MS-SSIM and Wang-2009 SSIM scores (tools/fixtures/make-msssim-fixtures.py). */
export const msSsimFixtures = readIndex('ms-ssim.json');

const images = { ...metricFixtures.images, ...msSsimFixtures.images };

/** A fixture image: float32 samples, or 8-bit codes as floats 0..255. */
export function fixtureImage(name: string): HdrImage {
  const { width, height, channels, sample } = images[name]!;
  const bytes = gunzipSync(readFileSync(new URL(`${name}.${sample}.gz`, FIXTURES)));
  const data =
    sample === 'u8' ? Float32Array.from(bytes) : new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return createHdrImage(width, height, channels, data);
}

/** np.repeat along both axes: every pixel becomes a factor x factor block. */
export function repeatPixels(image: HdrImage, factor: number): HdrImage {
  const width = image.width * factor;
  const height = image.height * factor;
  const data = new Float32Array(width * height * image.channels);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const source = (Math.floor(r / factor) * image.width + Math.floor(c / factor)) * image.channels;
      data.set(image.data.subarray(source, source + image.channels), (r * width + c) * image.channels);
    }
  }
  return createHdrImage(width, height, image.channels, data);
}
