/**
 * Reference pixels for parity tests: fixtures written next to NAME.ref.f32.gz, the pixels OpenCV decoded
 * from them (gzip of little-endian float32, HWC, RGB(A) order, rows top to bottom).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** One entry of a fixture directory's index.json. */
export interface FixtureEntry {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly compression: string;
  readonly pixelType: string;
  readonly tiled: boolean;
  readonly dataWindow?: readonly [number, number];
}

/** Every fixture listed in `fixtures/DIR/index.json`, in name order. */
export function fixtureIndex(dir: string): FixtureEntry[] {
  const text = readFileSync(join(FIXTURES, dir, 'index.json'), 'utf8');
  const index = JSON.parse(text) as Record<string, Omit<FixtureEntry, 'name'>>;
  return Object.entries(index)
    .map(([name, entry]) => ({ name, ...entry }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function readFixture(dir: string, fileName: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, dir, fileName)));
}

/** The reference pixels of fixture `name` in `fixtures/DIR`. */
export function loadReference(dir: string, name: string): Float32Array {
  const bytes = gunzipSync(readFileSync(join(FIXTURES, dir, `${name}.ref.f32.gz`)));
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/**
 * Largest |actual - expected| / max(|expected|, floor) over all samples; a NaN counts as equal only to a
 * NaN. Arrays of different lengths are a test failure, not an error measure.
 */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-3): number {
  if (actual.length !== expected.length) {
    throw new Error(`compared arrays differ in length: ${actual.length} vs ${expected.length}`);
  }
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) return Number.POSITIVE_INFINITY;
      continue;
    }
    if (a === b) continue;
    worst = Math.max(worst, Math.abs(a - b) / Math.max(Math.abs(b), floor));
  }
  return worst;
}

/** Samples that differ at all (NaN equals NaN): for lossy codecs whose decoding is still deterministic. */
export function countDifferences(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let differences = 0;
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) differences++;
  return differences;
}
