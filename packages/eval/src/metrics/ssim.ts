import type { HdrImage } from '@hdr-lab/core';
import { gaussianTaps, windowedMoments } from './gaussian-window.js';
import { colourChannels, defineMetric } from './metric.js';

type ColourMode = 'per-channel' | 'luma601' | 'luminance709';

const GREY_WEIGHTS: Readonly<Record<Exclude<ColourMode, 'per-channel'>, readonly [number, number, number]>> = {
  luma601: [0.299, 0.587, 0.114],
  luminance709: [0.2126, 0.7152, 0.0722],
};

/** The planes SSIM is computed on: each colour channel, or one weighted grey plane. */
function planes(image: HdrImage, colour: ColourMode): Float64Array[] {
  const pixels = image.width * image.height;
  const channels = colourChannels(image);
  if (colour === 'per-channel' || channels === 1) {
    return Array.from({ length: channels }, (_, c) => {
      const plane = new Float64Array(pixels);
      for (let p = 0; p < pixels; p++) plane[p] = image.data[p * image.channels + c]!;
      return plane;
    });
  }
  const [wr, wg, wb] = GREY_WEIGHTS[colour];
  const grey = new Float64Array(pixels);
  for (let p = 0, i = 0; p < pixels; p++, i += image.channels) grey[p] = wr * image.data[i]! + wg * image.data[i + 1]! + wb * image.data[i + 2]!;
  return [grey];
}

/** Mean SSIM over the valid region of one plane pair (Wang et al. 2004, population moments). */
export function meanSsim(
  x: Float64Array,
  y: Float64Array,
  width: number,
  height: number,
  { window, sigma, c1, c2 }: { window: number; sigma: number; c1: number; c2: number },
): number {
  const m = windowedMoments(x, y, width, height, gaussianTaps(window, sigma));
  let sum = 0;
  for (let i = 0; i < m.meanX.length; i++) {
    const mx = m.meanX[i]!;
    const my = m.meanY[i]!;
    const vx = m.meanXX[i]! - mx * mx;
    const vy = m.meanYY[i]! - my * my;
    const cxy = m.meanXY[i]! - mx * my;
    sum += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
  }
  return sum / m.meanX.length;
}

/**
 * SSIM (Wang, Bovik, Sheikh, Simoncelli 2004): 11x11 Gaussian window with sigma 1.5, K1 0.01, K2 0.03,
 * mean over the valid region; colour images per channel (the mean of the channel means) by default.
 * Images smaller than the window score NaN, flagged `too-small`.
 */
export const ssim = defineMetric({
  id: 'ssim',
  version: '1',
  describe: 'structural similarity, Wang et al. 2004 (Gaussian window, valid pooling)',
  params: {
    dynamicRange: { type: 'number', default: 1, min: 1e-30, describe: 'L: 1 for [0, 1] floats, 255 for 8-bit, 256 for PU21' },
    k1: { type: 'number', default: 0.01, min: 0, describe: 'C1 = (K1 L)^2' },
    k2: { type: 'number', default: 0.03, min: 0, describe: 'C2 = (K2 L)^2' },
    window: { type: 'number', default: 11, min: 1, describe: 'window size in pixels (odd)' },
    sigma: { type: 'number', default: 1.5, min: 1e-6, describe: 'Gaussian window sigma' },
    colour: {
      type: 'choice',
      default: 'per-channel',
      choices: ['per-channel', 'luma601', 'luminance709'],
      describe: "'per-channel' (as scikit-image), 'luma601' (MATLAB rgb2gray) or 'luminance709' (BT.709 Y)",
    },
  },
  compute(reference, test, { dynamicRange, k1, k2, window, sigma, colour }) {
    if (reference.width < window || reference.height < window) return { value: NaN, flags: ['too-small'] };
    const constants = { window, sigma, c1: (k1 * dynamicRange) ** 2, c2: (k2 * dynamicRange) ** 2 };
    const referencePlanes = planes(reference, colour as ColourMode);
    const testPlanes = planes(test, colour as ColourMode);
    const means = referencePlanes.map((plane, index) => meanSsim(plane, testPlanes[index]!, reference.width, reference.height, constants));
    return { value: means.reduce((a, b) => a + b, 0) / means.length, flags: [] };
  },
});
