import { scaleRadiance } from '@hdr-lab/core';
import { z } from 'zod';
import { cameraMotion, IDENTITY_AFFINE, warpBilinear, type Affine } from '../motion/warp.js';
import { drawOffsets, drawPatches, movePatches, patchMask, type Offset } from '../motion/patches.js';
import type { SynthExposure } from '../sample.js';
import { defineSynthStep, type JsonRecord } from '../step.js';
import { stopsLabel } from './labels.js';

const fraction = z.number().min(0).max(0.5);

const schema = z
  .strictObject({
    biases: z
      .array(z.number().finite())
      .min(2)
      .default([-2, 0, 2])
      .refine((biases) => biases.every((bias, i) => i === 0 || bias > biases[i - 1]!), 'must increase, shortest exposure first'),
    reference: z.int().min(0).optional(),
    globalMotion: z.boolean().default(true),
    maxShift: fraction.default(0.01),
    maxRotation: z.number().min(0).max(45).default(1),
    maxZoom: fraction.default(0.01),
    patches: z.int().min(0).max(64).default(2),
    patchSize: z
      .tuple([z.number().gt(0).max(1), z.number().gt(0).max(1)])
      .default([0.1, 0.25])
      .refine(([low, high]) => low <= high, 'expected [smallest, largest]'),
    patchShift: fraction.default(0.05),
  })
  .superRefine((params, ctx) => {
    if (params.reference !== undefined && params.reference >= params.biases.length) {
      ctx.addIssue({ code: 'custom', path: ['reference'], message: `must index one of the ${params.biases.length} biases (0..${params.biases.length - 1})` });
    }
  })
  .transform((params) => ({ ...params, reference: params.reference ?? Math.floor(params.biases.length / 2) }));

type BracketParams = z.output<typeof schema>;

/**
 * Multi-exposure brackets with motion, as HDR-GAN and the DRDB variant take them (Kalantari-style data):
 * exposure i is the ground truth x t_i with t_i = 2^(b_i - b_min), so the shortest has t = 1. Every
 * non-reference exposure also sees its own foreground motion (the same `patches` rectangles moved by whole
 * pixels, up to `patchShift` x the shorter side) and, with `globalMotion`, its own small camera movement
 * (shift up to `maxShift` x the shorter side, rotation up to `maxRotation` degrees, zoom up to `maxZoom`),
 * resampled bilinearly with edge pixels repeated. The ground truth stays motion-free in the reference's
 * geometry. `staticMask` is 1 where no patch is, left or arrived, and every non-reference exposure sampled
 * inside the frame: there, each exposure shows the ground truth moved only by its own camera motion.
 */
export const bracketStep = defineSynthStep<BracketParams>({
  id: 'bracket',
  version: '1',
  describe: 'linear exposures at biases (default -2/0/+2 EV) with camera and foreground motion off the reference',
  placement: { from: ['scene'], to: 'linear', bounded: false },
  schema: () => schema,
  async apply(sample, params, random) {
    const truth = sample.groundTruth;
    const { width, height } = truth;
    const shorter = Math.min(width, height);
    const patches = drawPatches(random.derive('patches'), width, height, params.patches, params.patchSize);
    const staticMask = patchMask(width, height, patches).map((inPatch) => 1 - inPatch);
    const motion: JsonRecord[] = [];
    const exposures = params.biases.map((bias, index): SynthExposure => {
      const time = Math.pow(2, bias - params.biases[0]!);
      const label = stopsLabel('bias', bias);
      if (index === params.reference) return { label, stops: bias, time, image: scaleRadiance(truth, time) };
      const own = random.derive(`exposure ${index}`);
      const offsets: Offset[] = drawOffsets(own.derive('patches'), patches, width, height, Math.round(params.patchShift * shorter));
      const moved = movePatches(truth, patches, offsets);
      const camera = own.derive('camera');
      const affine: Affine = params.globalMotion
        ? cameraMotion(width, height, {
            shiftX: camera.uniformIn(-1, 1) * params.maxShift * shorter,
            shiftY: camera.uniformIn(-1, 1) * params.maxShift * shorter,
            rotation: (camera.uniformIn(-1, 1) * params.maxRotation * Math.PI) / 180,
            scale: 1 + camera.uniformIn(-1, 1) * params.maxZoom,
          })
        : IDENTITY_AFFINE;
      const warped = warpBilinear(moved.image, affine, moved.moving);
      for (let p = 0; p < staticMask.length; p++) staticMask[p] &= warped.valid[p];
      motion.push({ exposure: index, affine: { ...affine }, offsets: offsets.map((offset) => ({ ...offset })) });
      return { label, stops: bias, time, image: scaleRadiance(warped.image, time) };
    });
    return {
      sample: { ...sample, exposures, phase: 'linear', referenceIndex: params.reference, staticMask },
      draws: { patches: patches.map((patch) => ({ ...patch })), motion },
    };
  },
});
