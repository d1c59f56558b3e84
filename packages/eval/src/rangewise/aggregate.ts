import type { RangewiseResult } from './rangewise.js';

export interface RangewiseLevelSummary {
  readonly level: number;
  readonly meanPsnr: number;
  readonly meanSsim: number;
  /** Images whose PSNR at this level was infinite (identical quantised images), left out of meanPsnr. */
  readonly excluded: number;
  readonly images: number;
}

export interface RangewiseSummary {
  readonly levels: readonly RangewiseLevelSummary[];
  /** The mean of the level means, as the papers' "Mean" column. */
  readonly meanPsnr: number;
  readonly meanSsim: number;
}

/** Across images: each level's mean over the images, then the mean of the level means. */
export function aggregateRangewise(results: readonly RangewiseResult[]): RangewiseSummary {
  if (results.length === 0) throw new RangeError('rangewise: nothing to aggregate');
  const levels = results[0]!.levels.map(({ level }, index): RangewiseLevelSummary => {
    const scores = results.map((result) => result.levels[index]!);
    if (scores.some((score) => score.level !== level)) throw new RangeError('rangewise: results were computed on different level sets');
    const finite = scores.filter((score) => !score.identical);
    return {
      level,
      meanPsnr: finite.reduce((sum, score) => sum + score.psnr, 0) / finite.length,
      meanSsim: scores.reduce((sum, score) => sum + score.ssim, 0) / scores.length,
      excluded: scores.length - finite.length,
      images: scores.length,
    };
  });
  const finiteLevels = levels.filter((level) => Number.isFinite(level.meanPsnr));
  return {
    levels,
    meanPsnr: finiteLevels.reduce((sum, level) => sum + level.meanPsnr, 0) / finiteLevels.length,
    meanSsim: levels.reduce((sum, level) => sum + level.meanSsim, 0) / levels.length,
  };
}
