import { colourChannels, colourMaximum, defineMetric, referenceScale } from './metric.js';

/**
 * PSNR = 10 log10(peak^2 / MSE), one MSE over every colour sample (not a per-channel mean in dB), as
 * MATLAB psnr, scikit-image and OpenCV. Identical images give +Infinity, flagged `identical`, which means
 * leave out unless `infinity: cap` replaces it with `cap` (flagged `capped`).
 *
 * Negative and zero samples are compared as they are. Extremes up to float32's maximum stay finite (the
 * squared errors are summed in double precision). NaN and infinities are refused by `evaluateMetric`;
 * called directly with them, a non-finite MSE scores NaN flagged `non-finite-input`, never `identical`.
 * `peakFrom: reference-max` needs a positive reference maximum unless the images are identical
 * (MetricInputError otherwise).
 */
export const psnr = defineMetric({
  id: 'psnr',
  version: '1',
  describe: 'peak signal-to-noise ratio, dB',
  higherIsBetter: true,
  params: {
    peak: { type: 'number', default: 1, min: 1e-30, describe: 'peak value (1 for [0, 1] floats, 255 for 8-bit)' },
    peakFrom: {
      type: 'choice',
      default: 'fixed',
      choices: ['fixed', 'reference-max'],
      describe: "'reference-max': the peak is the reference's maximum (PSNR-L of arbitrarily scaled HDR)",
    },
    infinity: { type: 'choice', default: 'keep', choices: ['keep', 'cap'], describe: 'what identical images score' },
    cap: { type: 'number', default: 100, describe: 'the score of identical images with infinity: cap' },
  },
  compute(reference, test, { peak, peakFrom, infinity, cap }) {
    const colour = colourChannels(reference);
    const { data: a, channels: stride } = reference;
    const b = test.data;
    let sum = 0;
    for (let p = 0; p < a.length; p += stride) {
      for (let i = p; i < p + colour; i++) {
        const difference = a[i]! - b[i]!;
        sum += difference * difference;
      }
    }
    const mse = sum / ((a.length / stride) * colour);
    if (!Number.isFinite(mse)) return { value: NaN, flags: ['non-finite-input'] };
    if (mse === 0) return infinity === 'cap' ? { value: cap, flags: ['identical', 'capped'] } : { value: Infinity, flags: ['identical'] };
    const effectivePeak = peakFrom === 'reference-max' ? referenceScale(colourMaximum(reference), 'maximum') : peak;
    return { value: 10 * Math.log10((effectivePeak * effectivePeak) / mse), flags: [] };
  },
});
