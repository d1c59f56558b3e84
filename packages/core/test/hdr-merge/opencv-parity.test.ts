import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mergeDebevec, recoverResponse, responseFromLinear, type ExposureStack } from '../../src/hdr-merge/index.js';

const FIXTURES = new URL('../fixtures/hdr-merge/', import.meta.url);

interface Case {
  width: number;
  height: number;
  times: number[];
  samples: number;
  lambda: number;
  random: boolean;
  seed?: number;
  tool: string;
}

const index = JSON.parse(readFileSync(new URL('index.json', FIXTURES), 'utf8')) as Record<string, Case>;

function gunzip(name: string): Uint8Array {
  const bytes = gunzipSync(readFileSync(new URL(name, FIXTURES)));
  return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function bracket(name: string, c: Case): ExposureStack {
  const all = gunzip(`${name}.bracket.u8.gz`);
  const size = c.width * c.height * 3;
  const images = c.times.map((_, k) => ({ width: c.width, height: c.height, channels: 3 as const, data: all.subarray(k * size, (k + 1) * size) }));
  return { images, times: c.times };
}

/** OpenCV's 256 x 3 interleaved response, split into one curve a channel. */
function opencvCurves(name: string): Float32Array[] {
  const all = new Float32Array(gunzip(`${name}.response.f32.gz`).buffer);
  return [0, 1, 2].map((c) => Float32Array.from({ length: 256 }, (_, z) => all[z * 3 + c]!));
}

function maxRelative(actual: Float32Array, expected: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / expected[i]!);
  return worst;
}

describe.each(Object.entries(index))('%s: parity with OpenCV', (name, c) => {
  const stack = bracket(name, c);
  const reference = opencvCurves(name);
  const merged = new Float32Array(gunzip(`${name}.merged.f32.gz`).buffer);
  const response = recoverResponse(stack, { samples: c.samples, lambda: c.lambda, sampling: c.random ? 'random' : 'grid', seed: c.seed });

  it('solves the same system as a float64 NumPy lstsq of the full gsolve matrix, to 1e-9', () => {
    const all = new Float64Array(gunzip(`${name}.gsolve64.f64.gz`).buffer);
    let worst = 0;
    response.channels.forEach((curve, channel) => {
      for (let z = 0; z < 256; z++) worst = Math.max(worst, Math.abs(curve[z]! - all[z * 3 + channel]!));
    });
    console.log(`${name}: curve vs float64 lstsq max |diff| ${worst.toExponential(3)}`);
    expect(worst).toBeLessThan(1e-9);
  });

  it(`recovers ${c.tool}'s curve within 5e-3 in ln (OpenCV solves in float32)`, () => {
    let worst = 0;
    response.channels.forEach((curve, channel) => {
      expect(Math.abs(curve[128]!)).toBeLessThan(1e-9);
      for (let z = 0; z < 256; z++) worst = Math.max(worst, Math.abs(curve[z]! - Math.log(reference[channel]![z]!)));
    });
    console.log(`${name}: curve max |ln diff| ${worst.toExponential(3)}`);
    expect(worst).toBeLessThan(5e-3);
  });

  it('merges with OpenCV\'s own curve to within float32 rounding (relative 1e-5)', () => {
    const image = mergeDebevec(stack, responseFromLinear(reference));
    const error = maxRelative(image.data, merged);
    console.log(`${name}: merge with OpenCV curve max rel ${error.toExponential(3)}`);
    expect(error).toBeLessThan(1e-5);
  });

  it('merges with its own curve to within 5e-3 relative of OpenCV\'s radiance', () => {
    const error = maxRelative(mergeDebevec(stack, response).data, merged);
    console.log(`${name}: end-to-end radiance max rel ${error.toExponential(3)}`);
    expect(error).toBeLessThan(5e-3);
  });
});
