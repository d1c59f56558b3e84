import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createHdrImage, type HdrImage } from '@hdr-lab/core';

const FIXTURES = new URL('../fixtures/metrics/', import.meta.url);

export interface MetricFixtureIndex {
  images: Record<string, { width: number; height: number; channels: 3; sample: 'f32' | 'u8' }>;
  cases: { reference: string; test: string; metric: string; params: Record<string, number | string>; expected: number; tool: string }[];
}

export const metricFixtures = JSON.parse(readFileSync(new URL('index.json', FIXTURES), 'utf8')) as MetricFixtureIndex;

/** A fixture image: float32 samples, or 8-bit codes as floats 0..255. */
export function fixtureImage(name: string): HdrImage {
  const { width, height, channels, sample } = metricFixtures.images[name]!;
  const bytes = gunzipSync(readFileSync(new URL(`${name}.${sample}.gz`, FIXTURES)));
  const data =
    sample === 'u8' ? Float32Array.from(bytes) : new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return createHdrImage(width, height, channels, data);
}
