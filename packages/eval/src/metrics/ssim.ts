import { boxDownsample } from './downsample.js';
import { defineMetric } from './metric.js';
import { colourParam, planes, type ColourMode, type Plane } from './planes.js';
import { ssimConstants, ssimStatistics } from './ssim-statistics.js';

/** The parameters SSIM and MS-SSIM share. */
export const structuralParams = {
  dynamicRange: { type: 'number', default: 1, min: 1e-30, describe: 'L: 1 for [0, 1] floats, 255 for 8-bit, 256 for PU21' },
  k1: { type: 'number', default: 0.01, min: 0, describe: 'C1 = (K1 L)^2' },
  k2: { type: 'number', default: 0.03, min: 0, describe: 'C2 = (K2 L)^2' },
  window: { type: 'number', default: 11, min: 1, describe: 'window size in pixels (odd)' },
  sigma: { type: 'number', default: 1.5, min: 1e-6, describe: 'Gaussian window sigma' },
  colour: colourParam,
} as const;

/** Wang's 2009 ssim.m: a box filter and subsampling by round(min side / 256) before SSIM. */
function wang2009(plane: Plane): Plane {
  const factor = Math.max(1, Math.round(Math.min(plane.width, plane.height) / 256));
  return factor > 1 ? boxDownsample(plane, factor) : plane;
}

/**
 * SSIM (Wang, Bovik, Sheikh, Simoncelli 2004): 11x11 Gaussian window with sigma 1.5, K1 0.01, K2 0.03,
 * mean over the valid region; colour images per channel (the mean of the channel means) by default.
 * `downsample: wang2009` reproduces the authors' 2009 ssim.m, which shrinks images of 384 px and more.
 * Images smaller than the window score NaN, flagged `too-small`.
 *
 * Negative and zero samples are compared as they are; the local moments are filtered in double precision,
 * so extremes up to float32's maximum stay finite. NaN and infinities are refused by `evaluateMetric`;
 * called directly with them, the score is NaN flagged `non-finite-input`.
 */
export const ssim = defineMetric({
  id: 'ssim',
  version: '1',
  describe: 'structural similarity, Wang et al. 2004 (Gaussian window, valid pooling)',
  higherIsBetter: true,
  params: {
    ...structuralParams,
    downsample: {
      type: 'choice',
      default: 'none',
      choices: ['none', 'wang2009'],
      describe: "'wang2009': box filter and subsample by round(min side / 256) first, as Wang's 2009 ssim.m",
    },
  },
  compute(reference, test, params) {
    const shrink = params.downsample === 'wang2009' ? wang2009 : (plane: Plane) => plane;
    const referencePlanes = planes(reference, params.colour as ColourMode).map(shrink);
    const testPlanes = planes(test, params.colour as ColourMode).map(shrink);
    const { width, height } = referencePlanes[0]!;
    if (width < params.window || height < params.window) return { value: NaN, flags: ['too-small'] };
    const constants = ssimConstants(params);
    const pairs = referencePlanes.map((x, index) => ({ x, y: testPlanes[index]! }));
    const means = ssimStatistics(pairs, constants).map((statistics) => statistics.ssim);
    const value = means.reduce((a, b) => a + b, 0) / means.length;
    return { value, flags: Number.isFinite(value) ? [] : ['non-finite-input'] };
  },
});
