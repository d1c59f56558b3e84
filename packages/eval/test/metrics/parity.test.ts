import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createHdrImage, type HdrImage } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { evaluateMetric } from '../../src/index.js';

const FIXTURES = new URL('../fixtures/metrics/', import.meta.url);

interface Index {
  images: Record<string, { width: number; height: number; channels: 3; sample: 'f32' | 'u8' }>;
  cases: { reference: string; test: string; metric: string; params: Record<string, number | string>; expected: number; tool: string }[];
}

const index = JSON.parse(readFileSync(new URL('index.json', FIXTURES), 'utf8')) as Index;

function image(name: string): HdrImage {
  const { width, height, channels, sample } = index.images[name]!;
  const bytes = gunzipSync(readFileSync(new URL(`${name}.${sample}.gz`, FIXTURES)));
  const data =
    sample === 'u8'
      ? Float32Array.from(bytes)
      : new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return createHdrImage(width, height, channels, data);
}

describe('PSNR and SSIM parity with scikit-image (Wang settings)', () => {
  for (const c of index.cases) {
    const label = `${c.metric} ${JSON.stringify(c.params)} of ${c.test} against ${c.reference}`;
    it(`${label} is within 1e-4 of ${c.tool}`, () => {
      const result = evaluateMetric(c.metric, image(c.reference), image(c.test), c.params);
      expect(result.flags).toEqual([]);
      expect(Math.abs(result.value - c.expected)).toBeLessThanOrEqual(1e-4);
    });
  }

  it('covers noise, blur and exposure errors on two samples, in floats and 8 bits', () => {
    expect(index.cases).toHaveLength(30);
    expect(new Set(index.cases.map((c) => c.test.split('-')[1]))).toEqual(new Set(['noise', 'blur', 'exposure']));
  });
});
