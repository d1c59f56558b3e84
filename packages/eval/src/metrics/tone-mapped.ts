import { toneMap, type HdrImage } from '@hdr-lab/core';
import { transformedMetric } from './transformed.js';

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
 */
function displayPair(
  reference: HdrImage,
  test: HdrImage,
  { tmo, reinhardVariant, gamma, stats }: { tmo: string; reinhardVariant: string; gamma: number; stats: string },
) {
  const params = tmo === 'reinhard02' ? { variant: reinhardVariant } : {};
  const statisticsFrom = stats === 'from-reference' ? reference : undefined;
  const display = (image: HdrImage) => {
    const mapped = toneMap(image, tmo, params, { statisticsFrom }).image;
    const data = mapped.data;
    const colour = mapped.channels === 4 ? 3 : mapped.channels;
    for (let i = 0; i < data.length; i++) {
      if (i % mapped.channels < colour) data[i] = Math.pow(Math.min(1, Math.max(0, data[i]!)), 1 / gamma);
    }
    return mapped;
  };
  return { reference: display(reference), test: display(test) };
}

function toneMappedMetric(base: 'psnr' | 'ssim') {
  return transformedMetric({
    id: `${base}-tm`,
    version: '1',
    describe: `${base === 'psnr' ? 'PSNR' : 'SSIM'} of tone-mapped, gamma-encoded images (hybrid-loss Table 1)`,
    base,
    params: tmParams,
    transform: displayPair,
  });
}

export const psnrTm = toneMappedMetric('psnr');
export const ssimTm = toneMappedMetric('ssim');
