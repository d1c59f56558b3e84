import { percentile, scaleRadiance, toneMap, type HdrImage } from '@hdr-lab/core';
import { colourMaximum, imageFlags, referenceScale } from './metric.js';
import { transformedMetric, type TransformedPair } from './transformed.js';

const normalisation = {
  type: 'choice',
  default: 'none',
  choices: ['none', 'gtMax'],
  describe: "'none': data already in [0, 1] (Kalantari-style); 'gtMax': both images divided by max(reference)",
} as const;

function muLawPair(reference: HdrImage, test: HdrImage, mu: number, divisor: number, compress: 'none' | 'tanh'): TransformedPair {
  const params = { mu, divisor, compress };
  const [mappedReference, mappedTest] = [toneMap(reference, 'mu-law', params), toneMap(test, 'mu-law', params)];
  return {
    reference: mappedReference.image,
    test: mappedTest.image,
    flags: [...imageFlags('reference', mappedReference.flags), ...imageFlags('test', mappedTest.flags)],
  };
}

const gtMax = (reference: HdrImage) => referenceScale(colourMaximum(reference), 'maximum');

const muParams = { mu: { type: 'number', default: 5000, min: 1e-6, describe: 'mu-law strength' }, normalisation } as const;

/**
 * PSNR-mu / SSIM-mu (Kalantari convention): mu-law of both images, peak 1, L = 1. Negative samples are
 * taken as 0 by the mu-law, flagged per image (`test:negative-clamped:N`); zero maps to 0 and extremes are
 * compressed logarithmically, so they stay finite. `gtMax` needs a positive reference maximum
 * (MetricInputError). NaN and infinities are refused by `evaluateMetric`.
 */
function muLawMetric(base: 'psnr' | 'ssim') {
  return transformedMetric({
    id: `${base}-mu`,
    version: '1',
    describe: `${base === 'psnr' ? 'PSNR' : 'SSIM'} after mu-law compression (Kalantari convention, ${base === 'psnr' ? 'peak' : 'L ='} 1)`,
    base,
    params: muParams,
    transform: (reference, test, { mu, normalisation: norm }) =>
      muLawPair(reference, test, mu, norm === 'gtMax' ? gtMax(reference) : 1, 'none'),
  });
}

export const psnrMu = muLawMetric('psnr');
export const ssimMu = muLawMetric('ssim');

/**
 * NTIRE 2021/22's PSNR-mu: both images through T(tanh(H / n)), n the reference's 99th percentile (NumPy
 * interpolation), peak 1. Inputs are linear; linearising gamma-encoded files is the loader's job.
 * Negatives are taken as 0 and flagged, as in psnr-mu; extremes saturate at 1 through tanh. A reference
 * whose percentile is not positive (mostly black) has no n: MetricInputError. NaN and infinities are
 * refused by `evaluateMetric`.
 */
export const psnrMuNtire = transformedMetric({
  id: 'psnr-mu-ntire',
  version: '1',
  describe: 'NTIRE PSNR-mu: T(tanh(H / p99(reference))), peak 1',
  base: 'psnr',
  params: {
    mu: { type: 'number', default: 5000, min: 1e-6, describe: 'mu-law strength' },
    percentile: { type: 'number', default: 99, min: 0, max: 100, describe: "percentile of the reference's samples used as n" },
  },
  transform: (reference, test, { mu, percentile: p }) =>
    muLawPair(reference, test, mu, referenceScale(percentile(reference.data, p), `percentile p=${p}`), 'tanh'),
});

function linearPair(reference: HdrImage, test: HdrImage, norm: string): TransformedPair {
  if (norm !== 'gtMax') return { reference, test };
  const factor = 1 / gtMax(reference);
  return { reference: scaleRadiance(reference, factor), test: scaleRadiance(test, factor) };
}

/**
 * PSNR-L / SSIM-L: on the linear values, peak 1 / L = 1, predictions not clipped: negatives and zeros are
 * compared as they are. `gtMax` needs a positive reference maximum (MetricInputError). NaN and infinities
 * are refused by `evaluateMetric`.
 */
function linearMetric(base: 'psnr' | 'ssim') {
  return transformedMetric({
    id: `${base}-l`,
    version: '1',
    describe: `${base === 'psnr' ? 'PSNR' : 'SSIM'} on linear HDR values (${base === 'psnr' ? 'peak' : 'L ='} 1)`,
    base,
    params: { normalisation },
    transform: (reference, test, { normalisation: norm }) => linearPair(reference, test, norm),
  });
}

export const psnrL = linearMetric('psnr');
export const ssimL = linearMetric('ssim');
