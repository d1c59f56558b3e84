import { createHdrImage, type HdrImage } from '../image/hdr-image.js';
import type { CameraResponse } from './camera-response.js';
import { HdrMergeError } from './errors.js';
import { toCodeStack, type ExposureStack } from './exposure-stack.js';
import { HAT_WEIGHTS } from './hat-weights.js';

/**
 * Debevec & Malik's radiance merge as OpenCV 4.6's MergeDebevec computes it:
 * ln E = sum_j w_j (g(z_j) - ln t_j) / sum_j w_j, with one weight per pixel and exposure, the mean of the
 * hat weights of its channels, so the channels of a pixel are averaged over the same exposures (no
 * colour shifts where one channel clips first). Pixels clipped in every exposure keep weight 1 per
 * exposure (see HAT_WEIGHTS). Accumulates in float64; OpenCV's float32 sums agree to about 2e-6.
 */
export function mergeDebevec(stack: ExposureStack, response: CameraResponse): HdrImage {
  const { width, height, channels, codes, logTimes } = toCodeStack(stack);
  if (response.channels.length !== channels) {
    throw new HdrMergeError(`the response has ${response.channels.length} channel curves but the exposures have ${channels} channels`);
  }
  const out = new Float32Array(width * height * channels);
  const sums = new Float64Array(channels);
  for (let pixel = 0; pixel < width * height; pixel++) {
    const base = pixel * channels;
    sums.fill(0);
    let weightSum = 0;
    for (let j = 0; j < codes.length; j++) {
      const plane = codes[j]!;
      let weight = 0;
      for (let c = 0; c < channels; c++) weight += HAT_WEIGHTS[plane[base + c]!]!;
      weight /= channels;
      for (let c = 0; c < channels; c++) sums[c] += weight * (response.channels[c]![plane[base + c]!]! - logTimes[j]!);
      weightSum += weight;
    }
    for (let c = 0; c < channels; c++) out[base + c] = Math.exp(sums[c]! / weightSum);
  }
  return createHdrImage(width, height, channels, out);
}
