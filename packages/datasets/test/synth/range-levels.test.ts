import { luminance, normaliseMedianLuminance, rangeLevel, type HdrImage } from '@hdr-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSynthPipeline, runSynthPipeline, SYNTH_PRESETS, type SynthSample } from '../../src/synth/index.js';
import { colourOnly } from '../../src/synth/sample.js';
import { sameBytes, shippedSample } from './support/scenes.js';

describe('range-wise levels (hybrid-loss inputs)', () => {
  let seed: HdrImage;
  let sample: SynthSample;

  beforeAll(async () => {
    seed = await shippedSample('Desk.exr', 160);
    sample = (await runSynthPipeline(parseSynthPipeline(SYNTH_PRESETS['hybrid-loss']), seed, 1)).sample;
  });

  it("are core's rangeLevel codes / 255 of the median-normalised ground truth, levels 2^-3..2^-8", () => {
    expect(seed.channels).toBe(4);
    const normalised = colourOnly(normaliseMedianLuminance(seed).image);
    expect(sameBytes(sample.groundTruth.data, normalised.data)).toBe(true);
    expect(sample.exposures.map((exposure) => exposure.label)).toEqual(['level 2^-3', 'level 2^-4', 'level 2^-5', 'level 2^-6', 'level 2^-7', 'level 2^-8']);
    expect(sample.phase).toBe('display');
    sample.exposures.forEach((exposure, index) => {
      const k = index + 3;
      expect(exposure.stops).toBe(k);
      expect(exposure.time).toBe(Math.pow(2, k) / 255);
      const codes = rangeLevel(normalised, k);
      expect(sameBytes(Uint8Array.from(exposure.image.data, (value) => Math.round(value * 255)), codes)).toBe(true);
      expect(exposure.image.data.every((value) => Math.fround(Math.round(value * 255) / 255) === value)).toBe(true);
    });
  });

  it("cover the seed's values: level k resolves 2^-k .. 2^(8-k) to within half a step, and together 2^-8 .. 2^5", () => {
    const truth = sample.groundTruth.data;
    let resolvedSomewhere = 0;
    let inUnion = 0;
    let worstError = 0;
    let unsaturatedAbove = 0;
    for (let i = 0; i < truth.length; i++) {
      const value = truth[i]!;
      let resolved = false;
      sample.exposures.forEach((exposure, index) => {
        const step = Math.pow(2, -(index + 3));
        const reconstructed = exposure.image.data[i]! * 255 * step;
        if (value >= step && value < 254.5 * step) {
          worstError = Math.max(worstError, Math.abs(reconstructed - value) / step);
          resolved = true;
        } else if (value >= 254.5 * step && exposure.image.data[i] !== 1) unsaturatedAbove++;
      });
      if (value >= Math.pow(2, -8) && value < 254.5 * Math.pow(2, -3)) {
        inUnion++;
        if (resolved) resolvedSomewhere++;
      }
    }
    expect(worstError).toBeLessThanOrEqual(0.5 + 1e-4);
    expect(unsaturatedAbove).toBe(0);
    expect(inUnion).toBeGreaterThan(0.8 * truth.length);
    expect(resolvedSomewhere).toBe(inUnion);
  });

  it('saturate more of the image at finer steps (d < e < f), as the papers report for levels 2^-6..2^-8', () => {
    const pixels = sample.groundTruth.width * sample.groundTruth.height;
    const saturated = sample.exposures.map((exposure) => {
      let count = 0;
      for (let p = 0; p < pixels; p++) if (Math.max(exposure.image.data[p * 3]!, exposure.image.data[p * 3 + 1]!, exposure.image.data[p * 3 + 2]!) === 1) count++;
      return count / pixels;
    });
    for (let i = 1; i < saturated.length; i++) expect(saturated[i]).toBeGreaterThanOrEqual(saturated[i - 1]!);
    // Median luminance is 1 and level 2^-8 saturates at 255/256, so about half the pixels clip there.
    expect(saturated[5]).toBeGreaterThan(0.45);
    expect(luminance(sample.groundTruth).filter((value) => value >= 1).length / pixels).toBeCloseTo(0.5, 1);
  });
});
