import { createHdrImage, DEFAULT_RANGE_LEVELS, rangeLevel } from '@hdr-lab/core';
import { z } from 'zod';
import { linearCurve } from '../curves/camera-curve.js';
import { defineSynthStep } from '../step.js';

const schema = z.strictObject({
  levels: z
    .array(z.int().min(-16).max(24))
    .min(1)
    .default([...DEFAULT_RANGE_LEVELS])
    .refine((levels) => new Set(levels).size === levels.length, 'each level may appear once'),
  rounding: z.enum(['round', 'floor']).default('round'),
});

/**
 * The range-wise exposure levels of Moriwaki et al. through core's rangeLevel (the evaluation's own
 * decomposition): level k holds clip(Q(X / 2^-k), 0, 255) / 255, linear 8-bit with no camera curve, so its
 * time is 2^k / 255 and level k covers 2^-k to about 2^(8-k). Expects a median-normalised ground truth.
 */
export const rangeLevelsStep = defineSynthStep({
  id: 'range-levels',
  version: '1',
  describe: "linear 8-bit levels with quantisation step 2^-k (core's rangeLevel), default k = 3..8",
  placement: { from: ['scene'], to: 'display', bounded: true },
  schema: () => schema,
  async apply(sample, params) {
    const { width, height, channels } = sample.groundTruth;
    const exposures = params.levels.map((k) => {
      const codes = rangeLevel(sample.groundTruth, k, params.rounding);
      const data = new Float32Array(codes.length);
      for (let i = 0; i < codes.length; i++) data[i] = codes[i] / 255;
      return { label: `level 2^${-k}`, stops: k, time: Math.pow(2, k) / 255, image: createHdrImage(width, height, channels, data) };
    });
    return { sample: { ...sample, exposures, phase: 'display', referenceIndex: 0, curve: linearCurve } };
  },
});
