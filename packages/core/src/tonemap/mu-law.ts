import { createHdrImage, type HdrImage } from '../image/hdr-image.js';
import { countNegativeColour } from './finite-samples.js';
import { defineToneMapOperator, negativeFlags, type ToneMapOutput } from './operator.js';

/**
 * The mu-law compression of the multi-exposure literature (Kalantari and Ramamoorthi 2017, AHDRNet,
 * HDR-GAN): T(H) = ln(1 + mu H) / ln(1 + mu), per channel, on H / divisor (optionally through tanh, as
 * NTIRE's variant does). Metrics choose the divisor (1, the reference's maximum, its 99th percentile) and
 * record it; alpha is kept.
 *
 * Negative samples, which mostly predictions produce, are taken as 0, flagged `negative-clamped:N` (N
 * samples); NaN and infinities are refused by `toneMap` (NonFiniteSampleError). Zero maps to 0. Large
 * values only grow logarithmically (tanh saturates them at 1), so extremes up to float32's maximum stay
 * finite for any divisor and mu the parameters admit, short of mu * H overflowing double range.
 */
export const muLaw = defineToneMapOperator({
  id: 'mu-law',
  version: '1',
  describe: 'mu-law range compression T(H) = ln(1 + mu H) / ln(1 + mu)',
  inputDomain: 'linear HDR in about [0, 1] after dividing by `divisor`',
  outputRange: '[0, 1] for inputs in [0, 1]',
  encoded: true,
  params: {
    mu: { type: 'number', default: 5000, min: 1e-6, describe: 'compression strength (HDR-GAN and Kalantari use 5000)' },
    divisor: { type: 'number', default: 1, min: 1e-30, describe: 'the input is divided by this first' },
    compress: {
      type: 'choice',
      default: 'none',
      choices: ['none', 'tanh'],
      describe: "'tanh': T(tanh(H / divisor)), the NTIRE 2021/22 convention",
    },
  },
  apply(image: HdrImage, { mu, divisor, compress }): ToneMapOutput {
    const out = createHdrImage(image.width, image.height, image.channels);
    const norm = Math.log1p(mu);
    const tanh = compress === 'tanh';
    for (let i = 0; i < image.data.length; i++) {
      if (image.channels === 4 && i % 4 === 3) {
        out.data[i] = image.data[i]!;
        continue;
      }
      const scaled = Math.max(0, image.data[i]! / divisor);
      out.data[i] = Math.log1p(mu * (tanh ? Math.tanh(scaled) : scaled)) / norm;
    }
    return { image: out, flags: negativeFlags('sample', countNegativeColour(image)) };
  },
});
