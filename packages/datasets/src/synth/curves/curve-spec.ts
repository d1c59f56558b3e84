import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { Random } from '../../random/index.js';
import { gammaCurve, linearCurve, sampledCurve, sigmoidCurve, srgbCurve, type CameraCurve } from './camera-curve.js';
import { loadCurveFile } from './curve-file.js';

export const CURVE_NAMES = ['linear', 'gamma', 'srgb', 'sigmoid', 'sigmoid-random', 'file'] as const;
export type CurveName = (typeof CURVE_NAMES)[number];

/** A camera curve as configured; `sigmoid-random` is drawn per sample when applied. */
export type CurveSpec =
  | { readonly curve: 'linear' }
  | { readonly curve: 'srgb' }
  | { readonly curve: 'gamma'; readonly gamma: number }
  | { readonly curve: 'sigmoid'; readonly n: number; readonly sigma: number }
  | { readonly curve: 'sigmoid-random'; readonly nMean: number; readonly nStd: number; readonly sigmaMean: number; readonly sigmaStd: number }
  | { readonly curve: 'file'; readonly file: string; readonly sha256: string; readonly samples: readonly number[] };

/**
 * HDR-CNN's virtual camera draws n ~ N(0.9, 0.1) and sigma ~ N(0.6, 0.1) and clamps them to [0.2, 2.5] and
 * [0, 5]; sigma is clamped at 0.01 here instead of 0, where the curve would collapse to a constant 1.
 */
const N_RANGE = [0.2, 2.5] as const;
const SIGMA_RANGE = [0.01, 5] as const;

/** Which keys each curve takes besides `curve`. */
const CURVE_KEYS: Readonly<Record<CurveName, readonly string[]>> = {
  linear: [],
  srgb: [],
  gamma: ['gamma'],
  sigmoid: ['n', 'sigma'],
  'sigmoid-random': ['nMean', 'nStd', 'sigmaMean', 'sigmaStd'],
  file: ['file'],
};

const positive = z.number().positive().finite();
const nonNegative = z.number().min(0).finite();

export const curveShape = {
  curve: z.enum(CURVE_NAMES),
  gamma: positive.optional(),
  n: positive.optional(),
  sigma: positive.optional(),
  nMean: positive.optional(),
  nStd: nonNegative.optional(),
  sigmaMean: positive.optional(),
  sigmaStd: nonNegative.optional(),
  file: z.string().min(1).optional(),
};

type RawCurve = z.infer<z.ZodObject<typeof curveShape>>;

/** A curve as an object of flat keys (`{ curve: gamma, gamma: 2.4 }`) or just its name (`srgb`). */
export function curveSchema(baseDir: string): z.ZodType<CurveSpec> {
  return z.preprocess(
    (value) => (typeof value === 'string' ? { curve: value } : value),
    z.strictObject(curveShape).transform((raw, ctx) => toCurveSpec(raw, ctx, baseDir)),
  );
}

/**
 * Turns flat curve keys into a CurveSpec: keys that belong to another curve are errors at their own path,
 * and a curve file is read and checked here, once. Relative file names are taken from `baseDir`.
 */
export function toCurveSpec(raw: RawCurve, ctx: z.RefinementCtx, baseDir: string): CurveSpec {
  const allowed = CURVE_KEYS[raw.curve];
  for (const key of Object.keys(raw)) {
    if (key === 'curve' || allowed.includes(key)) continue;
    const owners = CURVE_NAMES.filter((name) => CURVE_KEYS[name].includes(key));
    const takes = allowed.length ? allowed.join(', ') : 'no other keys';
    const message = `only for curve ${owners.map((name) => `'${name}'`).join(' or ')}; curve '${raw.curve}' takes ${takes}`;
    ctx.addIssue({ code: 'custom', path: [key], message });
  }
  switch (raw.curve) {
    case 'linear':
    case 'srgb':
      return { curve: raw.curve };
    case 'gamma':
      return { curve: 'gamma', gamma: raw.gamma ?? 2.2 };
    case 'sigmoid':
      return { curve: 'sigmoid', n: raw.n ?? 0.9, sigma: raw.sigma ?? 0.6 };
    case 'sigmoid-random':
      return { curve: 'sigmoid-random', nMean: raw.nMean ?? 0.9, nStd: raw.nStd ?? 0.1, sigmaMean: raw.sigmaMean ?? 0.6, sigmaStd: raw.sigmaStd ?? 0.1 };
    case 'file': {
      if (raw.file === undefined) {
        ctx.addIssue({ code: 'custom', path: ['file'], message: "curve 'file' needs the path of a JSON or CSV response curve" });
        return z.NEVER;
      }
      const file = isAbsolute(raw.file) ? raw.file : resolve(baseDir, raw.file);
      try {
        const loaded = loadCurveFile(file);
        return { curve: 'file', file, sha256: loaded.sha256, samples: loaded.samples };
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['file'], message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }
  }
}

/** A curve spec's numbers for a signature: the file's name, hash and length rather than its samples. */
export function curveRecord(spec: CurveSpec): Record<string, number | string> {
  if (spec.curve === 'file') return { curve: 'file', file: spec.file, sha256: spec.sha256, samples: spec.samples.length };
  return { ...spec };
}

function clamp(value: number, [low, high]: readonly [number, number]): number {
  return Math.min(high, Math.max(low, value));
}

type FixedCurveSpec = Exclude<CurveSpec, { curve: 'sigmoid-random' }>;

function fixedCurve(spec: FixedCurveSpec): CameraCurve {
  switch (spec.curve) {
    case 'linear':
      return linearCurve;
    case 'srgb':
      return srgbCurve;
    case 'gamma':
      return gammaCurve(spec.gamma);
    case 'sigmoid':
      return sigmoidCurve(spec.n, spec.sigma);
    case 'file':
      return sampledCurve(spec.samples, curveRecord(spec));
  }
}

/** The curve a spec stands for; `sigmoid-random` draws n, then sigma, from `random`. */
export function resolveCurve(spec: CurveSpec, random: Random): CameraCurve {
  if (spec.curve !== 'sigmoid-random') return fixedCurve(spec);
  const n = clamp(random.normal(spec.nMean, spec.nStd), N_RANGE);
  return sigmoidCurve(n, clamp(random.normal(spec.sigmaMean, spec.sigmaStd), SIGMA_RANGE));
}

/** The curve a spec stands for without drawing: `sigmoid-random` gives the curve at its mean parameters. */
export function nominalCurve(spec: CurveSpec): CameraCurve {
  if (spec.curve !== 'sigmoid-random') return fixedCurve(spec);
  return sigmoidCurve(clamp(spec.nMean, N_RANGE), clamp(spec.sigmaMean, SIGMA_RANGE));
}
