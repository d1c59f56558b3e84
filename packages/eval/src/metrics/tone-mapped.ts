import { toneMap, type HdrImage } from '@hdr-lab/core';
import { imageFlags } from './metric.js';
import { transformedMetric, type TransformedPair } from './transformed.js';

const tmParams = {
  tmo: { type: 'choice', default: 'reinhard02', choices: ['reinhard02', 'kimkautz08'], describe: 'tone-mapping operator' },
  reinhardVariant: {
    type: 'choice',
    default: 'pfstmo',
    choices: ['pfstmo', 'hdrtoolbox2019', 'hdrtoolbox2023'],
    describe: 'variant of reinhard02 (see the tone-mapping registry)',
  },
  gamma: { type: 'number', default: 2.2, min: 1e-6, describe: 'display gamma applied after clipping to [0, 1]' },
  stats: {
    type: 'choice',
    default: 'per-image',
    choices: ['per-image', 'from-reference'],
    describe: "'per-image': each image fitted to itself (hides global exposure errors); 'from-reference': both fitted to the reference",
  },
} as const;

/**
 * Each image tone-mapped with its own statistics by default (as calling the operator once per image does
 * in HDR Toolbox and pfstmo), clipped to [0, 1], gamma-encoded; then PSNR (peak 1) or SSIM (L = 1).
 * The operator's flags come with the score, per image (`test:negative-luminance-clamped:N`).
 */
function displayPair(
  reference: HdrImage,
  test: HdrImage,
  { tmo, reinhardVariant, gamma, stats }: { tmo: string; reinhardVariant: string; gamma: number; stats: string },
): TransformedPair {
  const params = tmo === 'reinhard02' ? { variant: reinhardVariant } : {};
  const statisticsFrom = stats === 'from-reference' ? reference : undefined;
  const display = (image: HdrImage) => {
    const mapped = toneMap(image, tmo, params, { statisticsFrom });
    const { data, channels } = mapped.image;
    const colour = channels === 4 ? 3 : channels;
    for (let i = 0; i < data.length; i++) {
      if (i % channels < colour) data[i] = Math.pow(Math.min(1, Math.max(0, data[i]!)), 1 / gamma);
    }
    return mapped;
  };
  const [mappedReference, mappedTest] = [display(reference), display(test)];
  return {
    reference: mappedReference.image,
    test: mappedTest.image,
    flags: [...imageFlags('reference', mappedReference.flags), ...imageFlags('test', mappedTest.flags)],
  };
}

/**
 * Negative luminance is taken as 0 by the operators (flagged per image) and every operator output is finite
 * or refused, so a score is never made by NaN statistics: an image the operator cannot map raises its
 * NonFiniteSampleError instead of turning black and scoring `identical`. Zeros map to black; extremes are
 * compressed by the operator and clipped to [0, 1]. NaN and infinities are refused by `evaluateMetric`.
 * With `stats: per-image` a global exposure error is largely normalised away (blind spot `global-exposure`).
 */
function toneMappedMetric(base: 'psnr' | 'ssim') {
  return transformedMetric({
    id: `${base}-tm`,
    version: '2',
    describe: `${base === 'psnr' ? 'PSNR' : 'SSIM'} of tone-mapped, gamma-encoded images (hybrid-loss Table 1)`,
    base,
    params: tmParams,
    transform: displayPair,
    blindSpots: ({ stats }) => (stats === 'per-image' ? ['global-exposure'] : []),
  });
}

export const psnrTm = toneMappedMetric('psnr');
export const ssimTm = toneMappedMetric('ssim');
