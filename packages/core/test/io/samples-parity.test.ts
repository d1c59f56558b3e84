import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readHdrFile } from '../../src/index.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'data', 'samples');
const REFERENCES = join(import.meta.dirname, '..', 'fixtures', 'samples');

/** Written by tools/fixtures/make-sample-fixtures.py from OpenCV's decoding of each sample. */
interface SampleReference {
  file: string;
  width: number;
  height: number;
  channels: number;
  sha256: string;
  sum: number[];
  min: number[];
  max: number[];
  x: number[];
  y: number[];
  values: number[];
}

const references = readdirSync(REFERENCES)
  .filter((name) => name.endsWith('.json.gz'))
  .map((name) => JSON.parse(gunzipSync(readFileSync(join(REFERENCES, name))).toString('utf8')) as SampleReference);

describe('shipped samples decode exactly as OpenCV (OpenEXR 3.1) decodes them', () => {
  it('covers every sample in data/samples', () => {
    const samples = readdirSync(SAMPLES).filter((name) => name.endsWith('.exr'));
    expect(references.map((r) => r.file).sort()).toEqual(samples.sort());
  });

  for (const reference of references) {
    it(`${reference.file}: ${reference.width}x${reference.height}x${reference.channels}`, async () => {
      const { image, info } = await readHdrFile(join(SAMPLES, reference.file));
      expect([image.width, image.height, image.channels]).toEqual([reference.width, reference.height, reference.channels]);
      expect(info.format).toBe('exr');

      let maxRelativeError = 0;
      for (let i = 0; i < reference.x.length; i++) {
        const base = (reference.y[i] * image.width + reference.x[i]) * image.channels;
        for (let c = 0; c < image.channels; c++) {
          const expected = reference.values[i * image.channels + c];
          const actual = image.data[base + c];
          maxRelativeError = Math.max(maxRelativeError, Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-3));
        }
      }
      expect(maxRelativeError).toBeLessThanOrEqual(1e-3);

      for (let c = 0; c < image.channels; c++) {
        let sum = 0;
        let min = Infinity;
        let max = -Infinity;
        for (let i = c; i < image.data.length; i += image.channels) {
          const v = image.data[i];
          sum += v;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        expect(min).toBe(reference.min[c]);
        expect(max).toBe(reference.max[c]);
        expect(Math.abs(sum - reference.sum[c])).toBeLessThanOrEqual(1e-9 * Math.abs(reference.sum[c]) + 1e-6);
      }

      // Lossless half data: the decoded floats must be bit-identical to the reference decoder's.
      const digest = createHash('sha256')
        .update(new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength))
        .digest('hex');
      expect(digest).toBe(reference.sha256);
    });
  }
});
