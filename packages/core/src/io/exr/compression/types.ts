/** OpenEXR pixel types, with their codes in the file. */
export const ExrPixelType = { Uint: 0, Half: 1, Float: 2 } as const;
export type ExrPixelType = (typeof ExrPixelType)[keyof typeof ExrPixelType];

export interface ExrBlockChannel {
  readonly name: string;
  readonly pixelType: ExrPixelType;
  /** 2 for HALF, 4 for FLOAT and UINT. */
  readonly bytesPerSample: 2 | 4;
  /** The chlist's pLinear flag: B44 then stores the channel in a perceptually uniform mapping. */
  readonly pLinear?: boolean;
}

/**
 * Geometry of one chunk (a block of scanlines or a tile) handed to a decompressor.
 * The uncompressed layout every decompressor must produce is OpenEXR's: for each line of the block,
 * for each channel in `channels` order (sorted by name), `width` little-endian samples.
 */
export interface ExrBlockLayout {
  readonly channels: readonly ExrBlockChannel[];
  /** Pixels per line in this block. */
  readonly width: number;
  /** Lines in this block (the last block of an image or a tile at the edge may be shorter). */
  readonly lines: number;
  /** Data-window y of the block's first line (PIZ, B44 and DWA do not need it; kept for messages). */
  readonly y: number;
  /** Exact size of the uncompressed block in bytes. */
  readonly uncompressedSize: number;
  /** File name for error messages. */
  readonly source: string;
  /** File offset of the compressed data, for error messages. */
  readonly offset: number;
}

/**
 * Decompresses one chunk. Must return exactly `layout.uncompressedSize` bytes or throw `HdrFormatError`
 * (naming `layout.source` and an offset); must never read out of bounds, loop without progress, or
 * allocate more than a small multiple of `uncompressedSize`.
 */
export type ExrDecompressor = (compressed: Uint8Array, layout: ExrBlockLayout) => Uint8Array;
