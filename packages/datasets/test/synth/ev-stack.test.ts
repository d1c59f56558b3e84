import { createHdrImage } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { gammaCurve, linearCurve, mostEvenExposure, parseSynthPipeline, runSynthPipeline, SYNTH_PRESETS } from '../../src/synth/index.js';
import { sameBytes, shippedSample, texturedScene } from './support/scenes.js';

/** Entropy of the 8-bit BT.601 luma histogram of a quantised RGB exposure, computed from scratch. */
function lumaEntropy(data: Float32Array): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < data.length; i += 3) {
    const luma = Math.round(0.299 * Math.round(data[i]! * 255) + 0.587 * Math.round(data[i + 1]! * 255) + 0.114 * Math.round(data[i + 2]! * 255));
    counts.set(luma, (counts.get(luma) ?? 0) + 1);
  }
  const total = data.length / 3;
  return [...counts.values()].reduce((sum, count) => sum - (count / total) * Math.log2(count / total), 0);
}

describe('EV stacks (Deep Chain HDRI inputs)', () => {
  it('make EV k = ground truth x 2^middle x 2^k with times 2^k when the middle exposure is given', async () => {
    const scene = texturedScene();
    const pipeline = parseSynthPipeline([{ step: 'ev-stack', middle: -2 }]);
    const { sample, signature } = await runSynthPipeline(pipeline, scene, 0);
    expect(sample.exposures.map((exposure) => exposure.label)).toEqual(['EV -3', 'EV -2', 'EV -1', 'EV 0', 'EV +1', 'EV +2', 'EV +3']);
    expect(sample.exposures.map((exposure) => exposure.time)).toEqual([1 / 8, 1 / 4, 1 / 2, 1, 2, 4, 8]);
    expect(sample.referenceIndex).toBe(3);
    for (let i = 0; i < scene.data.length; i += 97) {
      expect(sample.groundTruth.data[i]).toBe(Math.fround(scene.data[i]! / 4));
      sample.exposures.forEach((exposure, k) => expect(exposure.image.data[i]).toBe(Math.fround((scene.data[i]! / 4) * 2 ** (k - 3))));
    }
    expect(signature.steps[0]!.draws).toEqual({ scale: 0.25, stops: -2 });
  });

  it('choose as EV 0 the exposure with the most even histogram: a uniform ramp is picked exactly at 8 bits of entropy', () => {
    // Codes 0..255 of a linear camera, four pixels each: only the scale that maps them back to themselves
    // gives a flat histogram (8 bits); any other scale merges or clips codes.
    const values = Float32Array.from({ length: 1024 }, (_, i) => (i % 256) / 255);
    const ramp = createHdrImage(256, 4, 1, values);
    const chosen = mostEvenExposure(ramp, linearCurve, { from: -4, to: 4, step: 0.25 });
    expect(chosen.entropy).toBeCloseTo(8, 12);
    expect(chosen.scale).toBeCloseTo(1, 6);
    expect(chosen.aboveMedian).toBe(-1);
    const darker = mostEvenExposure(createHdrImage(256, 4, 1, values.map((v) => v / 16)), linearCurve, { from: -4, to: 4, step: 0.25 });
    expect(darker.scale).toBeCloseTo(16, 4);
  });

  it('leave EV 0 the most evenly spread member of the encoded stack of a real scene', async () => {
    const seed = await shippedSample('Desk.exr', 200);
    const { sample, signature } = await runSynthPipeline(parseSynthPipeline(SYNTH_PRESETS['deep-chain']), seed, 0);
    const entropies = sample.exposures.map((exposure) => lumaEntropy(exposure.image.data));
    const middle = entropies[3]!;
    expect(Math.max(...entropies)).toBe(middle);
    expect(middle).toBeCloseTo((signature.steps[1]!.draws as { entropy: number }).entropy, 10);
    expect(sample.exposures.every((exposure) => exposure.image.data.every((v) => Math.fround(Math.round(v * 255) / 255) === v))).toBe(true);
  });

  it("judge the histogram through the next camera-curve step's curve unless histogramCurve says otherwise", async () => {
    const scene = texturedScene();
    const run = async (steps: object[]) => (await runSynthPipeline(parseSynthPipeline(steps), scene, 0)).signature.steps[0]!;
    const tail = [{ step: 'clip' }, { step: 'camera-curve', curve: 'gamma', gamma: 3 }, { step: 'quantise' }];
    const followed = await run([{ step: 'ev-stack' }, ...tail]);
    expect(followed.params.histogramCurve).toEqual({ curve: 'gamma', gamma: 3 });
    const explicit = await run([{ step: 'ev-stack', histogramCurve: 'linear' }, ...tail]);
    expect(explicit.params.histogramCurve).toEqual({ curve: 'linear' });
    expect((await run([{ step: 'ev-stack' }])).params.histogramCurve).toEqual({ curve: 'srgb' });
    const byHand = mostEvenExposure(scene, gammaCurve(3), { from: -8, to: 8, step: 0.25 });
    expect(followed.draws).toEqual({ ...byHand });
    expect((explicit.draws as { scale: number }).scale).not.toBe(byHand.scale);
  });

  it('do not depend on the seed, since nothing in them is drawn', async () => {
    const scene = texturedScene();
    const pipeline = parseSynthPipeline(SYNTH_PRESETS['deep-chain']);
    const [a, b] = await Promise.all([runSynthPipeline(pipeline, scene, 1), runSynthPipeline(pipeline, scene, 2)]);
    a.sample.exposures.forEach((exposure, i) => expect(sameBytes(exposure.image.data, b.sample.exposures[i]!.image.data)).toBe(true));
  });
});
