import { createHdrImage, luminance, type HdrImage } from '@hdr-lab/core';
import { pu21Encoder, PU21_VARIANT_IDS, type Pu21Variant } from '../pu21/pu21.js';
import { colourChannels, colourMaximum } from './metric.js';
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

/** PU21 values of the colour channels (or of BT.709 luminance) after the shared absolute scaling. */
function encode(image: HdrImage, factor: number, variant: Pu21Variant, luminanceOnly: boolean): HdrImage {
  const pu = pu21Encoder(variant);
  if (luminanceOnly) {
    const y = luminance(image);
    return createHdrImage(image.width, image.height, 1, y.map((value) => pu(value * factor)));
  }
  const channels = colourChannels(image);
  const out = new Float32Array(image.width * image.height * channels);
  for (let p = 0, o = 0; p < image.width * image.height; p++) {
    for (let c = 0; c < channels; c++) out[o++] = pu(image.data[p * image.channels + c]! * factor);
  }
  return createHdrImage(image.width, image.height, channels, out);
}

function pu21Metric(id: string, base: BaseId, luminanceOnly: boolean, describe: string) {
  return transformedMetric({
    id,
    version: '1',
    describe,
    base,
    params: pu21Params,
    transform: (reference, test, { variant, scaling, peakNits }) => {
      const factor = scaling === 'absolute' ? 1 : peakNits / colourMaximum(reference);
      return {
        reference: encode(reference, factor, variant as Pu21Variant, luminanceOnly),
        test: encode(test, factor, variant as Pu21Variant, luminanceOnly),
      };
    },
  });
}

/** PU21 metrics as the authors' pu21_metric: PSNR with peak 256 on R, G, B or on Y; SSIM / MS-SSIM on Y, L = 256. */
export const puPsnr = pu21Metric('pu-psnr', 'psnr-256', false, 'PSNR of PU21-encoded RGB, peak 256');
export const puPsnrY = pu21Metric('pu-psnr-y', 'psnr-256', true, 'PSNR of PU21-encoded luminance, peak 256');
export const puSsim = pu21Metric('pu-ssim', 'ssim-256', true, 'SSIM of PU21-encoded luminance, L = 256');
export const puMsSsim = pu21Metric('pu-ms-ssim', 'ms-ssim-256', true, 'MS-SSIM of PU21-encoded luminance, L = 256');
