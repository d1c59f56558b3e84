import type { ChannelCount } from '../image/hdr-image.js';
import type { LdrImage } from '../image/ldr-image.js';
import { HdrMergeError } from './errors.js';

/** An 8-bit image as code values 0..255, interleaved HWC, rows top to bottom (the layout of LdrImage). */
export interface Ldr8Image {
  readonly width: number;
  readonly height: number;
  readonly channels: ChannelCount;
  readonly data: Uint8Array;
}

/** One exposure: decoded 8-bit codes, or an LdrImage whose samples are code / 255 (bitDepth 8). */
export type ExposureImage = LdrImage | Ldr8Image;

/** Aligned exposures of a static scene and their exposure times (any unit, the same for all). */
export interface ExposureStack {
  readonly images: readonly ExposureImage[];
  readonly times: readonly number[];
}

/** A validated stack: one code plane per exposure (interleaved like the input) and ln of its time. */
export interface CodeStack {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly codes: readonly Uint8Array[];
  readonly logTimes: Float64Array;
}

/** LdrImage samples further than this (in code units) from a code were not quantised to 8 bits. */
const CODE_TOLERANCE = 1e-3;

function toCodes(image: ExposureImage, index: number): Uint8Array {
  const expected = image.width * image.height * image.channels;
  if (image.data.length !== expected) {
    throw new HdrMergeError(
      `exposure ${index} holds ${image.data.length} samples, expected ${image.width}x${image.height}x${image.channels} = ${expected}`,
    );
  }
  if (image.data instanceof Uint8Array) return image.data;
  const ldr = image as LdrImage;
  if (ldr.bitDepth !== 8) {
    throw new HdrMergeError(
      `exposure ${index} is ${String(ldr.bitDepth)}-bit; Debevec-Malik here recovers a 256-level response, so pass 8-bit images`,
    );
  }
  const codes = new Uint8Array(expected);
  for (let i = 0; i < expected; i++) {
    const scaled = ldr.data[i]! * 255;
    const code = Math.round(scaled);
    if (!(Math.abs(scaled - code) <= CODE_TOLERANCE) || code < 0 || code > 255) {
      throw new HdrMergeError(
        `exposure ${index} sample ${i} is ${ldr.data[i]}, not an 8-bit code / 255: quantise it first (e.g. unitToCodes(data, 8))`,
      );
    }
    codes[i] = code;
  }
  return codes;
}

/** Checks the stack (at least 2 exposures, equal sizes, 1 or 3 channels, 8-bit, positive times). */
export function toCodeStack(stack: ExposureStack): CodeStack {
  const { images, times } = stack;
  if (images.length < 2) {
    throw new HdrMergeError(`an exposure stack needs at least 2 exposures, got ${images.length}`);
  }
  if (times.length !== images.length) {
    throw new HdrMergeError(`the stack has ${images.length} images but ${times.length} exposure times; give one time per image`);
  }
  times.forEach((time, index) => {
    if (!Number.isFinite(time) || time <= 0) {
      throw new HdrMergeError(`exposure time ${index} is ${time}; times must be finite and positive`);
    }
  });
  const { width, height, channels } = images[0]!;
  if (channels !== 1 && channels !== 3) {
    throw new HdrMergeError(`exposures must have 1 or 3 channels, got ${channels}: drop the alpha channel first`);
  }
  images.forEach((image, index) => {
    if (image.width !== width || image.height !== height || image.channels !== channels) {
      throw new HdrMergeError(
        `exposure ${index} is ${image.width}x${image.height}x${image.channels} but exposure 0 is ${width}x${height}x${channels}; align and crop the bracket to one size`,
      );
    }
  });
  return {
    width,
    height,
    channels,
    codes: images.map(toCodes),
    logTimes: Float64Array.from(times, (time) => Math.log(time)),
  };
}
