import type { ChannelCount } from './hdr-image.js';

/**
 * Display-referred image: samples in [0, 1] as encoded for a display (e.g. sRGB), interleaved HWC,
 * rows top to bottom. `bitDepth` records the quantisation of the file it came from or goes to.
 */
export interface LdrImage {
  readonly width: number;
  readonly height: number;
  readonly channels: ChannelCount;
  readonly bitDepth: 8 | 16;
  readonly data: Float32Array;
}
