import { describe, expect, it } from 'vitest';
import { GlibcRand } from '../../src/hdr-merge/glibc-rand.js';
import { linearResponse, mergeDebevec, recoverResponse, responseFromLinear, type Ldr8Image } from '../../src/hdr-merge/index.js';

const TIMES = [0.25, 0.5, 1, 2, 4];
const WIDTH = 128;
const HEIGHT = 64;

/** Radiance from `low` to `high`, log-spaced along the rows, with a gentle ramp across columns. */
function radiance(low: number, high: number): Float64Array {
  return Float64Array.from({ length: WIDTH * HEIGHT }, (_, i) => {
    const t = (Math.floor(i / WIDTH) * WIDTH + (i % WIDTH)) / (WIDTH * HEIGHT - 1);
    return low * Math.pow(high / low, t);
  });
}

/** A linear 8-bit camera: code = round(255 * clip(E * t)). */
function linearCamera(scene: Float64Array): Ldr8Image[] {
  return TIMES.map((t) => ({
    width: WIDTH,
    height: HEIGHT,
    channels: 1 as const,
    data: Uint8Array.from(scene, (e) => Math.round(255 * Math.min(1, e * t))),
  }));
}

describe('glibc rand()', () => {
  it('gives the well-known first values after srand(1), and seed 0 acts as 1', () => {
    const first = [1804289383, 846930886, 1681692777, 1714636915, 1957747793];
    const rand = new GlibcRand(1);
    expect(first.map(() => rand.next())).toEqual(first);
    expect(new GlibcRand(0).next()).toBe(first[0]);
  });
});

describe('response of a synthetic linear camera', () => {
  const images = linearCamera(radiance(0.004, 3.5));
  const response = recoverResponse({ images, times: TIMES }, { samples: 300, lambda: 10 });

  // Codes near 255 also collect every clipped exposure (E t > 1), which pulls g up there: checked below 231.
  it('has the shape of ln z up to a constant: within 0.02 of ln(z / 128) for z = 8..230', () => {
    const curve = response.channels[0]!;
    let worst = 0;
    for (let z = 8; z <= 230; z++) worst = Math.max(worst, Math.abs(curve[z]! - Math.log(z / 128)));
    console.log(`linear camera: max |g(z) - ln(z/128)| over 8..230 = ${worst.toExponential(3)}`);
    expect(worst).toBeLessThan(0.02);
    expect(Math.abs(curve[128]!)).toBeLessThan(1e-9);
  });

  it('is increasing from code 1 up', () => {
    const curve = response.channels[0]!;
    for (let z = 2; z < 256; z++) expect(curve[z]!).toBeGreaterThan(curve[z - 1]!);
  });

  it('reads LdrImage input (code / 255 floats) exactly as 8-bit codes', () => {
    const floats = images.map((image) => ({ ...image, bitDepth: 8 as const, data: Float32Array.from(image.data, (z) => z / 255) }));
    const fromFloats = recoverResponse({ images: floats, times: TIMES }, { samples: 300, lambda: 10 });
    expect(fromFloats.channels[0]).toEqual(response.channels[0]);
  });
});

describe('merge of a stack made from known radiance', () => {
  const scene = radiance(0.01, 0.24);
  const images = linearCamera(scene);
  const exact = responseFromLinear([Float64Array.from({ length: 256 }, (_, z) => Math.max(z, 0.5) / 255)]);
  const merged = mergeDebevec({ images, times: TIMES }, exact);

  it('returns each pixel inside the weighted quantisation interval of its codes', () => {
    const weight = (z: number) => (z < 128 ? z + 1 : 256 - z);
    let worstRelative = 0;
    scene.forEach((e, pixel) => {
      let low = 0;
      let high = 0;
      let sum = 0;
      images.forEach((image, j) => {
        const z = image.data[pixel]!;
        const w = weight(z);
        low += w * (Math.log((z - 0.5) / 255) - Math.log(TIMES[j]!));
        high += w * (Math.log((z + 0.5) / 255) - Math.log(TIMES[j]!));
        sum += w;
      });
      const value = Math.log(merged.data[pixel]!);
      expect(value).toBeGreaterThanOrEqual(low / sum - 1e-6);
      expect(value).toBeLessThanOrEqual(high / sum + 1e-6);
      worstRelative = Math.max(worstRelative, Math.abs(merged.data[pixel]! / e - 1));
    });
    console.log(`known radiance: max relative error ${worstRelative.toExponential(3)}`);
    expect(worstRelative).toBeLessThan(0.06);
  });

  it('gives a pixel clipped in every exposure the mean of g(255) - ln t (OpenCV keeps weight 1 at 255)', () => {
    const clipped = TIMES.map(() => ({ width: 1, height: 1, channels: 1 as const, data: Uint8Array.of(255) }));
    const value = mergeDebevec({ images: clipped, times: TIMES }, exact).data[0]!;
    const meanLogTime = TIMES.reduce((sum, t) => sum + Math.log(t), 0) / TIMES.length;
    expect(value).toBeCloseTo(Math.exp(Math.log(1) - meanLogTime), 6);
  });

  it('round-trips a response through the linear form', () => {
    const back = responseFromLinear(linearResponse(exact));
    back.channels[0]!.forEach((g, z) => expect(g).toBeCloseTo(exact.channels[0]![z]!, 12));
  });
});
