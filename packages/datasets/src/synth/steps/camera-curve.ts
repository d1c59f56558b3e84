import { z } from 'zod';
import { curveRecord, curveShape, resolveCurve, toCurveSpec, type CurveSpec } from '../curves/curve-spec.js';
import { mapSamples } from '../sample.js';
import { defineSynthStep } from '../step.js';

/**
 * The camera response, from sensor exposure in [0, 1] to display values in [0, 1]: `linear`, `gamma`
 * (x^(1/gamma), default 2.2), `srgb`, `sigmoid` (HDR-CNN's (1 + sigma) x^n / (x^n + sigma), default n 0.9,
 * sigma 0.6), `sigmoid-random` (n and sigma drawn per sample from normals, default N(0.9, 0.1) and
 * N(0.6, 0.1) as HDR-CNN's virtual camera) or `file` (a measured response, see curve-file.ts). One curve per
 * sample: every exposure of a stack or bracket goes through the same camera.
 */
export const cameraCurveStep = defineSynthStep<CurveSpec>({
  id: 'camera-curve',
  version: '1',
  describe: 'camera response: linear, gamma, srgb, sigmoid, sigmoid-random or file',
  placement: { from: ['linear'], to: 'display', needsBounded: true, bounded: true },
  schema: (baseDir) => z.strictObject(curveShape).transform((raw, ctx) => toCurveSpec(raw, ctx, baseDir)),
  record: curveRecord,
  async apply(sample, spec, random) {
    const curve = resolveCurve(spec, random);
    const exposures = sample.exposures.map((exposure) => ({ ...exposure, image: mapSamples(exposure.image, curve.encode) }));
    return { sample: { ...sample, exposures, phase: 'display', curve }, draws: spec.curve === 'sigmoid-random' ? { ...curve.record } : undefined };
  },
});
