import { describe, expect, it } from 'vitest';
import { createHdrImage, luminance, median, type HdrImage } from '@hdr-lab/core';
import {
  BASELINE_IDS,
  baseline,
  checkBaselineFits,
  defaultBaselines,
  runBaseline,
  type BaselineInput,
  type BracketBaselineInput,
  type SingleImageBaselineInput,
} from '../../src/baselines/index.js';

/** A seeded LDR test card in [0, 1]: a gradient, a clipped highlight, black corners, odd size. */
function card(width: number, height: number, seed: number): HdrImage {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const base = (y * width + x) * 3;
      const highlight = (x - width / 2) ** 2 + (y - height / 2) ** 2 < (width / 5) ** 2;
      for (let c = 0; c < 3; c++) data[base + c] = highlight ? 1 : x < 2 && y < 2 ? 0 : Math.min(1, (x / width) * (0.3 + 0.2 * c) + 0.05 * random());
    }
  }
  return createHdrImage(width, height, 3, data);
}

/** A camera's 8-bit exposure of radiance `image` for `time`: clipped, gamma 2.2 encoded, quantised. */
function exposed(image: HdrImage, time: number): HdrImage {
  return createHdrImage(image.width, image.height, 3, Float32Array.from(image.data, (value) => Math.round(Math.pow(Math.min(1, value * time * 0.25), 1 / 2.2) * 255) / 255));
}

const single = (encoding: 'linear' | 'srgb'): SingleImageBaselineInput => ({ kind: 'single-image', image: card(37, 23, 5), encoding });
const bracket: BracketBaselineInput = {
  kind: 'bracket',
  gamma: 2.2,
  bracket: { exposures: [1, 4, 16].map((time) => ({ image: exposed(card(33, 21, 9), time), time })) },
};

describe('the baseline registry', () => {
  it.each(BASELINE_IDS)('%s gives a finite, non-negative image of the input size with its signature', (id) => {
    const entry = baseline(id);
    const inputs: BaselineInput[] = entry.kind === 'bracket' ? [bracket] : [single('linear'), single('srgb')];
    for (const input of inputs) {
      const { image, signature } = runBaseline(id, input);
      const source = input.kind === 'bracket' ? input.bracket.exposures[0]!.image : input.image;
      expect([image.width, image.height, image.channels]).toEqual([source.width, source.height, 3]);
      expect(image.data.every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
      expect(signature.id).toBe(id);
      expect(signature.version).toBe(entry.version);
    }
  });

  it('single-image baselines are median-normalised, so only their shape is compared', () => {
    for (const id of defaultBaselines({ inputDomain: 'linear-ldr' })) {
      expect(median(luminance(runBaseline(id, single('srgb')).image)), id).toBeCloseTo(1, 5);
    }
  });

  it('identity is the linear input divided by its median luminance, sRGB input decoded first', () => {
    const input = single('linear');
    const { image } = runBaseline('identity', input);
    const source = input.image;
    const scale = median(luminance(source));
    for (const index of [0, 100, 1000, source.data.length - 1]) expect(image.data[index]).toBeCloseTo(source.data[index]! / scale, 5);
    const srgb = runBaseline('identity', single('srgb')).image;
    expect(srgb.data[1000]).not.toBeCloseTo(image.data[1000]!, 3);
  });

  it("with the model's output scale, identity is the linear input times it and the others share its median", () => {
    const input = { ...single('linear'), outputScale: 255 / 64 };
    const identity = runBaseline('identity', input).image;
    input.image.data.forEach((value, index) => expect(identity.data[index]).toBe(Math.fround(value * (255 / 64))));
    const target = median(luminance(identity));
    for (const id of defaultBaselines({ inputDomain: 'linear-ldr' })) expect(median(luminance(runBaseline(id, input).image)) / target, id).toBeCloseTo(1, 5);
    expect(runBaseline('akyuz07', input).signature.params).toMatchObject({ encoding: 'linear', outputScale: 255 / 64 });
  });

  it('the reference exposure alone is its gamma-linearised values over its time relative to the shortest', () => {
    const { image } = runBaseline('reference-exposure', bracket);
    const reference = bracket.bracket.exposures[1]!.image;
    expect(image.data[500]).toBeCloseTo(Math.pow(reference.data[500]!, 2.2) / 4, 6);
  });

  it('the Debevec merge and the reference exposure both give the radiance in the shortest exposure\'s units', () => {
    const radiance = card(33, 21, 9);
    const merged = runBaseline('debevec-merge', bracket).image;
    const reference = runBaseline('reference-exposure', bracket).image;
    const midtone = (10 * 33 + 12) * 3 + 1;
    expect(merged.data[midtone]! / (radiance.data[midtone]! * 0.25)).toBeCloseTo(1, 1);
    expect(reference.data[midtone]! / (radiance.data[midtone]! * 0.25)).toBeCloseTo(1, 1);
  });

  it('defaults follow the model kind, and a baseline for the other kind is refused with the choices', () => {
    expect(defaultBaselines({ inputDomain: 'ldr-bracket' })).toEqual(['reference-exposure', 'debevec-merge']);
    expect(defaultBaselines({ inputDomain: 'display-ldr' })).toContain('identity');
    expect(() => checkBaselineFits('akyuz07', { id: 'hdr-gan', inputDomain: 'ldr-bracket' })).toThrow(/takes single-image input, but hdr-gan takes bracket input; choose among reference-exposure, debevec-merge/);
    expect(() => baseline('nope')).toThrow(/unknown baseline 'nope'; known: identity/);
    expect(() => runBaseline('identity', bracket)).toThrow(/from one LDR image, not from a bracket/);
  });

  it('an all-black input stays black instead of dividing by a zero median', () => {
    const black = createHdrImage(9, 7, 3, new Float32Array(9 * 7 * 3));
    for (const id of defaultBaselines({ inputDomain: 'linear-ldr' })) {
      expect(runBaseline(id, { kind: 'single-image', image: black, encoding: 'linear' }).image.data.every((value) => value === 0), id).toBe(true);
    }
  });
});
