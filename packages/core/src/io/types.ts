import type { ChannelCount, HdrImage } from '../image/hdr-image.js';

export type HdrFileFormat = 'exr' | 'rgbe' | 'pfm';
export type LdrFileFormat = 'png' | 'jpeg' | 'tiff';
export type ImageFileFormat = HdrFileFormat | LdrFileFormat;

/** What a file says about itself, independent of the decoded pixels. */
export interface HdrFileInfo {
  readonly format: HdrFileFormat;
  readonly width: number;
  readonly height: number;
  readonly channels: ChannelCount;
  /** Channel names as stored (e.g. `['R', 'G', 'B']`, `['Y']`); RGBE and PFM report their implied names. */
  readonly channelNames: readonly string[];
  /** Storage type of the decoded channels: `half`, `float`, `uint`, `rgbe`, or `mixed`. */
  readonly pixelType: string;
  /** Compression as the format names it (`none`, `rle`, `zip`, `piz`, `dwab`, ...). */
  readonly compression: string;
  /** Format-specific facts worth showing a user: tiling, data window, byte order, EXPOSURE, ... */
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

export interface DecodedHdr {
  readonly image: HdrImage;
  readonly info: HdrFileInfo;
}
