import type { HdrImage, RangeRounding } from '@hdr-lab/core';
import { metricParams } from '../metrics/metric.js';
import { planes } from '../metrics/planes.js';
import { ssim } from '../metrics/ssim.js';
import { ssimConstants, ssimStatistics } from '../metrics/ssim-statistics.js';
import type { LevelQuantisation } from '../metrics/ssim-kernel/ssim-kernel.js';

const SSIM_8_BIT = metricParams(ssim, { dynamicRange: 255 });

export interface LevelScore {
  readonly level: number;
  readonly psnr: number;
  readonly ssim: number;
  /** PSNR is infinite (the two quantised images are identical): left out of means. */
  readonly identical: boolean;
}

/** The quantisation of core's rangeLevel: code = clip(floor(v * 2^k + offset), 0, 255), NaN to 0. */
function quantisation(k: number, rounding: RangeRounding): LevelQuantisation {
  return { scale: Math.pow(2, k), roundOffset: rounding === 'round' ? 0.5 : 0 };
}

/**
 * PSNR (peak 255, one MSE over every colour sample) and per-channel SSIM (L = 255, the Wang settings of
 * `ssim`) of every level of two normalised images. The SSIM kernel quantises the levels on the fly exactly
 * as core's rangeLevel makes them and sums the squared code differences as it goes, so no level image is
 * allocated; a test holds the two to the same scores. Images smaller than the window get SSIM NaN, and
 * their squared differences from a 1-pixel window.
 */
export function levelScores(reference: HdrImage, test: HdrImage, levels: readonly number[], rounding: RangeRounding): LevelScore[] {
  const tooSmall = reference.width < SSIM_8_BIT.window || reference.height < SSIM_8_BIT.window;
  const constants = ssimConstants(tooSmall ? { ...SSIM_8_BIT, window: 1 } : SSIM_8_BIT);
  const referencePlanes = planes(reference, 'per-channel');
  const testPlanes = planes(test, 'per-channel');
  const channels = referencePlanes.length;
  const pairs = levels.flatMap((k) => {
    const quantise = quantisation(k, rounding);
    return referencePlanes.map((x, channel) => ({ x, y: testPlanes[channel]!, quantise }));
  });
  const statistics = ssimStatistics(pairs, constants);
  return levels.map((level, index) => {
    const perChannel = statistics.slice(index * channels, (index + 1) * channels);
    const mse = perChannel.reduce((sum, s) => sum + s.squaredErrors, 0) / (reference.width * reference.height * channels);
    const psnr = mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
    const meanSsim = tooSmall ? NaN : perChannel.reduce((sum, s) => sum + s.ssim, 0) / channels;
    return { level, psnr, ssim: meanSsim, identical: psnr === Infinity };
  });
}
