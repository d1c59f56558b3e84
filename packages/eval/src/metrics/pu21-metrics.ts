import { countNegativeColour, createHdrImage, luminance, type HdrImage } from '@hdr-lab/core';
import { pu21Encoder, PU21_VARIANT_IDS, type Pu21Variant } from '../pu21/pu21.js';
import { colourChannels, colourMaximum, imageFlags, referenceScale } from './metric.js';
import { transformedMetric, type BaseId } from './transformed.js';

const pu21Params = {
  variant: { type: 'choice', default: 'banding_glare', choices: PU21_VARIANT_IDS, describe: 'PU21 parameter set' },
  scaling: {
    type: 'choice',
    default: 'reference-max',
    choices: ['reference-max', 'absolute'],
    describe: "'reference-max': both images scaled by one factor so max(reference) = peakNits; 'absolute': already cd/m^2",
  },
  peakNits: { type: 'number', default: 4000, min: 1e-6, describe: 'display peak, cd/m^2, that max(reference) maps to' },
} as const;

/**
 * PU21 values of the colour channels (or of BT.709 luminance) after the shared absolute scaling, with the
 * flag of the negative inputs the encoder's floor took in.
 */
function encode(image: HdrImage, factor: number, variant: Pu21Variant, luminanceOnly: boolean): { image: HdrImage; flags: string[] } {
  const pu = pu21Encoder(variant);
  if (luminanceOnly) {
    const y = luminance(image);
    const negative = y.reduce((count, value) => count + (value < 0 ? 1 : 0), 0);
    return { image: createHdrImage(image.width, image.height, 1, y.map((value) => pu(value * factor))), flags: negativeFlag(negative) };
  }
  const channels = colourChannels(image);
  const out = new Float32Array(image.width * image.height * channels);
  for (let p = 0, o = 0; p < image.width * image.height; p++) {
    for (let c = 0; c < channels; c++) out[o++] = pu(image.data[p * image.channels + c]! * factor);
  }
  return { image: createHdrImage(image.width, image.height, channels, out), flags: negativeFlag(countNegativeColour(image)) };
}

const negativeFlag = (count: number) => (count > 0 ? [`negative-clamped:${count}`] : []);

function pu21Metric(id: string, base: BaseId, luminanceOnly: boolean, describe: string) {
  return transformedMetric({
    id,
    version: '1',
    describe,
    base,
    params: pu21Params,
    transform: (reference, test, { variant, scaling, peakNits }) => {
      const factor = scaling === 'absolute' ? 1 : peakNits / referenceScale(colourMaximum(reference), 'maximum');
      const encoded = [reference, test].map((image) => encode(image, factor, variant as Pu21Variant, luminanceOnly));
      return {
        reference: encoded[0]!.image,
        test: encoded[1]!.image,
        flags: [...imageFlags('reference', encoded[0]!.flags), ...imageFlags('test', encoded[1]!.flags)],
      };
    },
  });
}

/**
 * PU21 metrics as the authors' pu21_metric: PSNR with peak 256 on R, G, B or on Y; SSIM / MS-SSIM on Y, L = 256.
 * PU21 is defined on [0.005, 10000] cd/m^2 and clamps to it: zeros take its floor, negatives too (flagged
 * per image, `test:negative-clamped:N`), extremes its ceiling, so every value stays finite. Scaling by
 * `reference-max` needs a positive reference maximum (MetricInputError). NaN and infinities are refused by
 * `evaluateMetric`.
 */
export const puPsnr = pu21Metric('pu-psnr', 'psnr-256', false, 'PSNR of PU21-encoded RGB, peak 256');
export const puPsnrY = pu21Metric('pu-psnr-y', 'psnr-256', true, 'PSNR of PU21-encoded luminance, peak 256');
export const puSsim = pu21Metric('pu-ssim', 'ssim-256', true, 'SSIM of PU21-encoded luminance, L = 256');
export const puMsSsim = pu21Metric('pu-ms-ssim', 'ms-ssim-256', true, 'MS-SSIM of PU21-encoded luminance, L = 256');
