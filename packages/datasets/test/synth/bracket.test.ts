import type { HdrImage } from '@hdr-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cameraMotion, IDENTITY_AFFINE, parseSynthPipeline, runSynthPipeline, SYNTH_PRESETS, warpBilinear, type Affine, type SynthResult } from '../../src/synth/index.js';
import { outputBytes, sameBytes, shippedSample, texturedScene } from './support/scenes.js';

const GAMMA = 2.2;

/**
 * The static-region bound. An 8-bit code c < 255 of L = x^(1/gamma) means x^(1/gamma) lies within half a
 * code of c / 255, so the exposure x = t G lies in [((c - 0.5) / 255)^gamma, ((c + 0.5) / 255)^gamma]; the
 * companion c^gamma / t then differs from G by at most gamma (0.5 / 255) ((c + 0.5) / 255)^(gamma - 1) / t,
 * below gamma / (510 t) everywhere. Returns how many static, unsaturated samples break the interval (with
 * 1e-5 relative slack for float32 storage) and the largest |companion - truth| x t seen.
 */
function checkStatic(result: SynthResult, truthFor: (index: number) => HdrImage): { broken: number; checked: number; worst: number } {
  const { sample } = result;
  const mask = sample.staticMask!;
  let broken = 0;
  let checked = 0;
  let worst = 0;
  sample.exposures.forEach((exposure, index) => {
    const truth = truthFor(index).data;
    const companion = sample.companions![index]!.data;
    for (let p = 0; p < mask.length; p++) {
      if (!mask[p]) continue;
      for (let c = 0; c < 3; c++) {
        const i = p * 3 + c;
        const code = Math.round(exposure.image.data[i]! * 255);
        if (code === 255) continue;
        checked++;
        const exposed = truth[i]! * exposure.time;
        const low = Math.pow(Math.max(0, code - 0.5) / 255, GAMMA) * (1 - 1e-5);
        const high = Math.pow((code + 0.5) / 255, GAMMA) * (1 + 1e-5);
        if (exposed < low - 1e-12 || exposed > high) broken++;
        worst = Math.max(worst, Math.abs(companion[i]! - truth[i]!) * exposure.time);
      }
    }
  });
  return { broken, checked, worst };
}

/** The camera motion the bracket step at `index` drew for each non-reference exposure. */
function motionOf(result: SynthResult, index: number): { exposure: number; affine: Affine }[] {
  return (result.signature.steps[index]!.draws as unknown as { motion: { exposure: number; affine: Affine }[] }).motion;
}

const steps = (bracket: object) => [
  { step: 'normalise', mode: 'percentile', percentile: 99.5 },
  { step: 'bracket', ...bracket },
  { step: 'clip' },
  { step: 'camera-curve', curve: 'gamma', gamma: GAMMA },
  { step: 'quantise', bits: 8 },
  { step: 'companions', gamma: GAMMA },
];

describe('brackets with motion (HDR-GAN / DRDB inputs)', () => {
  let seed: HdrImage;
  beforeAll(async () => {
    seed = await shippedSample('StillLife.exr', 192);
  });

  it('expose at t = 2^(b - b_min) around the middle reference, ground truth untouched by motion', async () => {
    const result = await runSynthPipeline(parseSynthPipeline(SYNTH_PRESETS['hdr-gan']), seed, 3);
    const { sample } = result;
    expect(sample.exposures.map((exposure) => [exposure.label, exposure.time])).toEqual([
      ['bias -2', 1],
      ['bias 0', 4],
      ['bias +2', 16],
    ]);
    expect(sample.referenceIndex).toBe(1);
    const reference = sample.exposures[1]!.image.data;
    let referenceDiffers = 0;
    for (let i = 0; i < reference.length; i++) {
      const expected = Math.round(Math.pow(Math.min(1, Math.max(0, sample.groundTruth.data[i]! * 4)), 1 / GAMMA) * 255);
      if (Math.round(reference[i]! * 255) !== expected) referenceDiffers++;
    }
    expect(referenceDiffers).toBeLessThan(reference.length * 1e-4);
  });

  it('agree with the ground truth in static regions after linearisation (no camera motion), within one half code', async () => {
    const result = await runSynthPipeline(parseSynthPipeline(steps({ globalMotion: false, patches: 3 })), seed, 5);
    const { broken, checked, worst } = checkStatic(result, () => result.sample.groundTruth);
    const mask = result.sample.staticMask!;
    const staticShare = mask.reduce((sum, v) => sum + v, 0) / mask.length;
    expect(staticShare).toBeGreaterThan(0.5);
    expect(staticShare).toBeLessThan(1);
    expect(checked).toBeGreaterThan(mask.length);
    expect(broken).toBe(0);
    expect(worst).toBeLessThanOrEqual(GAMMA / 510);
    // Where the patches moved, the non-reference exposures do not show the ground truth.
    const moved = checkMoved(result);
    expect(moved).toBeGreaterThan(100);
  });

  it("agree in static regions with the ground truth moved by each exposure's own camera motion", async () => {
    const result = await runSynthPipeline(parseSynthPipeline(steps({ maxShift: 0.03, maxRotation: 2 })), seed, 6);
    const motion = motionOf(result, 1);
    expect(motion.map((entry) => entry.exposure)).toEqual([0, 2]);
    const truthFor = (index: number) => {
      const entry = motion.find((candidate) => candidate.exposure === index);
      return entry ? warpBilinear(result.sample.groundTruth, entry.affine).image : result.sample.groundTruth;
    };
    const { broken, checked } = checkStatic(result, truthFor);
    expect(checked).toBeGreaterThan(result.sample.staticMask!.length);
    expect(broken).toBe(0);
    // Without undoing the camera motion the same check fails: the motion is real.
    expect(checkStatic(result, () => result.sample.groundTruth).broken).toBeGreaterThan(1000);
  });

  it('warp bilinearly: the identity is bit-exact, a whole-pixel shift moves pixels exactly, a half-pixel shift averages', () => {
    const scene = texturedScene(40, 30);
    const same = warpBilinear(scene, IDENTITY_AFFINE);
    expect(sameBytes(same.image.data, scene.data)).toBe(true);
    expect(same.valid.every((v) => v === 1)).toBe(true);
    const shifted = warpBilinear(scene, cameraMotion(40, 30, { shiftX: 3, shiftY: -2, rotation: 0, scale: 1 }));
    for (let y = 0; y < 30; y++) {
      for (let x = 0; x < 40; x++) {
        const inside = x + 3 < 40 && y - 2 >= 0;
        expect(shifted.valid[y * 40 + x]).toBe(inside ? 1 : 0);
        if (inside) expect(shifted.image.data[(y * 40 + x) * 3]).toBe(scene.data[((y - 2) * 40 + x + 3) * 3]);
      }
    }
    const half = warpBilinear(scene, { ...IDENTITY_AFFINE, c: 0.5 });
    expect(half.image.data[0]).toBeCloseTo((scene.data[0]! + scene.data[3]!) / 2, 6);
    const blocked = new Uint8Array(40 * 30);
    blocked[1] = 1;
    expect([...warpBilinear(scene, { ...IDENTITY_AFFINE, c: 0.5 }, blocked).valid.slice(0, 3)]).toEqual([0, 0, 1]);
    expect([...warpBilinear(scene, IDENTITY_AFFINE, blocked).valid.slice(0, 3)]).toEqual([1, 0, 1]);
  });

  it('mask the frame border a camera movement leaves uncovered', async () => {
    const scene = texturedScene(80, 60);
    const shift = { step: 'bracket', patches: 0, maxShift: 0.1, maxRotation: 0, maxZoom: 0 };
    const { sample, signature } = await runSynthPipeline(parseSynthPipeline([shift, { step: 'clip' }]), scene, 11);
    const motion = motionOf({ sample, signature }, 0);
    const mask = sample.staticMask!;
    for (let y = 0; y < 60; y++) {
      for (let x = 0; x < 80; x++) {
        const inside = motion.every(({ affine }) => {
          const u = affine.a * (x + 0.5) + affine.b * (y + 0.5) + affine.c - 0.5;
          const v = affine.d * (x + 0.5) + affine.e * (y + 0.5) + affine.f - 0.5;
          return u >= 0 && u <= 79 && v >= 0 && v <= 59;
        });
        expect(mask[y * 80 + x]).toBe(inside ? 1 : 0);
      }
    }
    expect(mask.includes(0)).toBe(true);
  });

  it('are byte-identical for a seed and differ for another seed', async () => {
    const pipeline = parseSynthPipeline(SYNTH_PRESETS['hdr-gan']);
    const [a, b, c] = await Promise.all([runSynthPipeline(pipeline, seed, 21), runSynthPipeline(pipeline, seed, 21), runSynthPipeline(pipeline, seed, 22)]);
    expect(sameBytes(outputBytes(a.sample), outputBytes(b.sample))).toBe(true);
    expect(JSON.stringify(a.signature)).toBe(JSON.stringify(b.signature));
    expect(sameBytes(outputBytes(a.sample), outputBytes(c.sample))).toBe(false);
    expect(sameBytes(a.sample.exposures[1]!.image.data, c.sample.exposures[1]!.image.data)).toBe(true);
  });
});

/** Non-reference samples outside the static mask whose companion is off the ground truth by more than the bound. */
function checkMoved(result: SynthResult): number {
  const { sample } = result;
  let count = 0;
  sample.exposures.forEach((exposure, index) => {
    if (index === sample.referenceIndex) return;
    const companion = sample.companions![index]!.data;
    for (let i = 0; i < companion.length; i++) {
      if (sample.staticMask![Math.floor(i / 3)] || exposure.image.data[i] === 1) continue;
      if (Math.abs(companion[i]! - sample.groundTruth.data[i]!) * exposure.time > GAMMA / 510) count++;
    }
  });
  return count;
}
