import { boxDownsample, validDownsample2 } from './downsample.js';
import { defineMetric } from './metric.js';
import { planes, type ColourMode, type Plane } from './planes.js';
import { structuralParams } from './ssim.js';
import { ssimConstants, ssimStatistics, type SsimConstants, type SsimStatistics } from './ssim-statistics.js';

/** Wang, Simoncelli, Bovik 2003: the exponents of scales 1..5 (the last also weighs luminance). */
export const MS_SSIM_WEIGHTS = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333] as const;

type Outcome = { value: number; flag?: string };

function planeMsSsim(x: Plane, y: Plane, constants: SsimConstants, shrink: (plane: Plane) => Plane): Outcome {
  let value = 1;
  for (let scale = 0; scale < MS_SSIM_WEIGHTS.length; scale++) {
    const [statistics] = ssimStatistics([{ x, y }], constants) as [SsimStatistics];
    const last = scale === MS_SSIM_WEIGHTS.length - 1;
    const mean = last ? statistics.ssim : statistics.cs;
    // A negative mean has no real power; the reference code goes complex, ports clamp or rescale.
    if (!(mean > 0)) return { value: NaN, flag: last ? 'non-positive-ssim' : 'non-positive-contrast-structure' };
    value *= mean ** MS_SSIM_WEIGHTS[scale]!;
    if (!last) {
      x = shrink(x);
      y = shrink(y);
    }
  }
  return { value };
}

/**
 * MS-SSIM (Wang, Simoncelli, Bovik 2003): five scales, mean contrast-structure at scales 1-4 and mean SSIM
 * at scale 5, each raised to its weight; the SSIM window, constants and valid pooling of `ssim`. Between
 * scales a 2x2 mean with symmetric edges keeps ceil(n / 2) samples ('same', as Wang's msssim.m) or a valid
 * 2x2 mean keeps floor(n / 2) ('valid'). Images under 16 windows on the short side (176 px) score NaN
 * flagged `too-small`, as the reference refuses them; a non-positive mean scores NaN with its own flag.
 *
 * Negative and zero samples are compared as they are (a negative contrast-structure mean, which they make
 * more likely, is the flagged NaN above). NaN and infinities are refused by `evaluateMetric`; called
 * directly with them, a NaN mean fails the same positivity test and is flagged, never scored as 1.
 */
export const msSsim = defineMetric({
  id: 'ms-ssim',
  version: '1',
  describe: 'multi-scale structural similarity, Wang et al. 2003 (5 scales)',
  higherIsBetter: true,
  params: {
    ...structuralParams,
    downsample: {
      type: 'choice',
      default: 'same',
      choices: ['same', 'valid'],
      describe: "between scales: 'same' (symmetric 2x2 mean, ceil(n/2), Wang's msssim.m) or 'valid' (floor(n/2))",
    },
  },
  compute(reference, test, params) {
    const coarsest = 2 ** (MS_SSIM_WEIGHTS.length - 1);
    if (Math.min(reference.width, reference.height) / coarsest < params.window) return { value: NaN, flags: ['too-small'] };
    const shrink = params.downsample === 'valid' ? validDownsample2 : (plane: Plane) => boxDownsample(plane, 2);
    const constants = ssimConstants(params);
    const testPlanes = planes(test, params.colour as ColourMode);
    const outcomes = planes(reference, params.colour as ColourMode).map((plane, index) =>
      planeMsSsim(plane, testPlanes[index]!, constants, shrink),
    );
    const flags = [...new Set(outcomes.flatMap((outcome) => (outcome.flag ? [outcome.flag] : [])))];
    return { value: outcomes.reduce((sum, outcome) => sum + outcome.value, 0) / outcomes.length, flags };
  },
});
