import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHdr, HdrFormatError } from '../../src/index.js';
import { mutate, seededRng } from '../support/mutate.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const VARIANTS = 2000;
/** Small enough that a decoder tricked into allocating per a corrupt size field is caught. */
const MAX_PIXELS = 1 << 20;

interface Target {
  readonly name: string;
  readonly file: string;
  readonly headerBytes: number;
}

const EXR_COMPRESSIONS = ['no', 'rle', 'zips', 'zip', 'piz', 'pxr24', 'b44', 'b44a', 'dwaa', 'dwab'];
const targets: Target[] = [
  ...EXR_COMPRESSIONS.map((c) => ({ name: `exr ${c} scanline`, file: join('exr', `scan-${c}-half-rgba.exr`), headerBytes: 600 })),
  ...EXR_COMPRESSIONS.filter((c) => c !== 'zips').map((c) => ({
    name: `exr ${c} tiled`,
    file: join('exr', `tile-${c}-half-rgba.exr`),
    headerBytes: 600,
  })),
  { name: 'rgbe rle', file: join('rgbe', 'rle.hdr'), headerBytes: 120 },
  { name: 'rgbe flat', file: join('rgbe', 'flat.hdr'), headerBytes: 120 },
  { name: 'pfm colour', file: join('pfm', 'colour-le.pfm'), headerBytes: 24 },
  { name: 'pfm grey big-endian', file: join('pfm', 'grey-be.pfm'), headerBytes: 24 },
];

describe('decoders survive damaged files', () => {
  for (const target of targets) {
    it(`${target.name}: ${VARIANTS} mutated or truncated variants each decode or throw HdrFormatError within 1 s`, () => {
      const original = new Uint8Array(readFileSync(join(FIXTURES, target.file)));
      const rng = seededRng(0x5eed + target.name.length * 7919);
      let decoded = 0;
      let rejected = 0;
      let slowest = 0;
      for (let i = 0; i < VARIANTS; i++) {
        const variant = mutate(original, rng, target.headerBytes);
        const start = performance.now();
        try {
          const { image } = decodeHdr(variant, { source: `${target.file}#${i}`, maxPixels: MAX_PIXELS });
          expect(image.data.length).toBe(image.width * image.height * image.channels);
          decoded++;
        } catch (error) {
          if (!(error instanceof HdrFormatError)) {
            throw new Error(`variant ${i} of ${target.file} threw ${String(error)} instead of HdrFormatError`, { cause: error });
          }
          rejected++;
        }
        slowest = Math.max(slowest, performance.now() - start);
      }
      expect(decoded + rejected).toBe(VARIANTS);
      expect(rejected).toBeGreaterThan(VARIANTS / 10);
      expect(slowest).toBeLessThan(1000);
    });
  }
});
