import { srgbEncode } from '../color/srgb.js';
import { gammaEncode } from '../color/transfer.js';
import { createHdrImage, type HdrImage } from '../image/hdr-image.js';
import { countNegativeColour } from './finite-samples.js';
import { defineToneMapOperator, negativeFlags, type ToneMapOutput } from './operator.js';

/**
 * A camera-like exposure: scale by 2^stops, clip to [0, 1] (or only at 0), then encode for display with
 * gamma 2.2 or the sRGB curve. Alpha is kept.
 *
 * Negative samples are clipped to 0, flagged `negative-clamped:N` (N samples); NaN and infinities are
 * refused by `toneMap` (NonFiniteSampleError). Zero maps to 0; extremes clip to 1, or without clipping
 * are encoded as they are (finite, since the encodings compress).
 */
export const exposure = defineToneMapOperator({
  id: 'exposure',
  version: '1',
  describe: 'exposure in stops, clip, display encoding (gamma 2.2 or sRGB)',
  inputDomain: 'linear HDR; 1.0 maps to display white at 0 stops',
  outputRange: 'display-encoded [0, 1] when clipping (the default)',
  encoded: true,
  params: {
    stops: { type: 'number', default: 0, min: -64, max: 64, describe: 'exposure change, in stops' },
    clip: { type: 'boolean', default: true, describe: 'clip to [0, 1] before encoding (otherwise only negatives are cut)' },
    transfer: { type: 'choice', default: 'gamma', choices: ['gamma', 'srgb'], describe: "display encoding: 'gamma' (2.2) or 'srgb'" },
  },
  apply(image: HdrImage, { stops, clip, transfer }): ToneMapOutput {
    const out = createHdrImage(image.width, image.height, image.channels);
    const gain = Math.pow(2, stops);
    const encode = transfer === 'srgb' ? srgbEncode : (value: number) => gammaEncode(value, 2.2);
    for (let i = 0; i < image.data.length; i++) {
      if (image.channels === 4 && i % 4 === 3) {
        out.data[i] = image.data[i]!;
        continue;
      }
      const linear = Math.max(0, image.data[i]! * gain);
      out.data[i] = encode(clip ? Math.min(1, linear) : linear);
    }
    return { image: out, flags: negativeFlags('sample', countNegativeColour(image)) };
  },
});
