import type { HdrImage } from '@hdr-lab/core';
import { colourChannels, colourMaximum } from '../metrics/metric.js';
import { ENCODINGS } from './encoding.js';
import { HdrVdpError } from './errors.js';
import type { HdrVdpSettings } from './options.js';
import { pixelsPerDegree } from './ppd.js';

/** What one pair needs besides its pixels: checked before anything is spawned or written. */
export interface PairPlan {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  /** Applied to both images: peakNits / max(reference), or 1. */
  readonly scale: number;
  readonly clip: boolean;
  readonly ppd: number;
}

/** DeepHDRVideo's evaluation takes the image size as the display resolution of a 24" monitor at 0.5 m. */
const DEEPHDRVIDEO_DISPLAY = { diagonalInches: 24, distanceMetres: 0.5 } as const;

export function planPair(reference: HdrImage, test: HdrImage, settings: HdrVdpSettings, label: string): PairPlan {
  if (reference.width !== test.width || reference.height !== test.height || reference.channels !== test.channels) {
    throw new HdrVdpError(
      'image-mismatch',
      `pair '${label}': images differ in shape: reference ${reference.width}x${reference.height}x${reference.channels}, ` +
        `test ${test.width}x${test.height}x${test.channels}`,
    );
  }
  const channels = colourChannels(reference);
  const wanted = ENCODINGS[settings.encoding].channels;
  if (channels !== wanted) {
    throw new HdrVdpError(
      'invalid-image',
      `pair '${label}': encoding '${settings.encoding}' takes ${wanted} colour channel${wanted === 1 ? '' : 's'}, the images have ${channels}`,
    );
  }
  for (const [name, image] of [['reference', reference], ['test', test]] as const) {
    if (!image.data.every(Number.isFinite)) throw new HdrVdpError('invalid-image', `pair '${label}': the ${name} image holds NaN or infinite samples`);
  }
  return {
    width: reference.width,
    height: reference.height,
    channels: channels as 1 | 3,
    scale: settings.scaling === 'reference-max' ? scaleToPeak(reference, settings.peakNits, label) : 1,
    clip: settings.scaling === 'clip-unit',
    ppd:
      settings.ppd.from === 'image-size'
        ? pixelsPerDegree({ ...DEEPHDRVIDEO_DISPLAY, resolution: [reference.width, reference.height] })
        : settings.ppd.value,
  };
}

function scaleToPeak(reference: HdrImage, peakNits: number, label: string): number {
  const max = colourMaximum(reference);
  if (!(max > 0)) throw new HdrVdpError('invalid-image', `pair '${label}': the reference's maximum is ${max}, so it cannot be scaled to ${peakNits} cd/m^2`);
  return peakNits / max;
}

/** The colour samples as raw little-endian float32, interleaved as HdrImage stores them (alpha dropped). */
export function rawFloat32(image: HdrImage): Buffer {
  const channels = colourChannels(image);
  const pixels = image.width * image.height;
  const bytes = Buffer.alloc(pixels * channels * 4);
  let offset = 0;
  for (let pixel = 0; pixel < pixels; pixel++) {
    for (let c = 0; c < channels; c++) offset = bytes.writeFloatLE(image.data[pixel * image.channels + c]!, offset);
  }
  return bytes;
}
