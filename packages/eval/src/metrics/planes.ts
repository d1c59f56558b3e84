import type { HdrImage } from '@hdr-lab/core';
import { colourChannels } from './metric.js';

/**
 * One channel of an image, as the SSIM family filters it: sample (row * width + column) * stride + offset
 * of `data`, so the channels of an interleaved image are views, not copies.
 */
export interface Plane {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
  readonly stride: number;
  readonly offset: number;
}

export const COLOUR_MODES = ['per-channel', 'luma601', 'luminance709'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

/** The SSIM family's colour parameter, shared so every member offers and names the same modes. */
export const colourParam = {
  type: 'choice',
  default: 'per-channel',
  choices: COLOUR_MODES,
  describe: "'per-channel' (as scikit-image), 'luma601' (MATLAB rgb2gray) or 'luminance709' (BT.709 Y)",
} as const;

const GREY_WEIGHTS: Readonly<Record<Exclude<ColourMode, 'per-channel'>, readonly [number, number, number]>> = {
  luma601: [0.299, 0.587, 0.114],
  luminance709: [0.2126, 0.7152, 0.0722],
};

/** The planes a structural metric is computed on: each colour channel, or one weighted grey plane. */
export function planes(image: HdrImage, colour: ColourMode): Plane[] {
  const { width, height, data: source, channels: stride } = image;
  const pixels = width * height;
  const channels = colourChannels(image);
  if (colour === 'per-channel' || channels === 1) {
    return Array.from({ length: channels }, (_, offset) => ({ width, height, data: source, stride, offset }));
  }
  const [wr, wg, wb] = GREY_WEIGHTS[colour];
  const data = new Float32Array(pixels);
  for (let p = 0, i = 0; p < pixels; p++, i += stride) data[p] = wr * source[i]! + wg * source[i + 1]! + wb * source[i + 2]!;
  return [{ width, height, data, stride: 1, offset: 0 }];
}
