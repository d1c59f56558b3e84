import { HdrFormatError } from '../../errors.js';

/** One bit per 16-bit value. */
const BITMAP_BYTES = 8192;

/** Shared between calls (decoding is synchronous): each call rewrites it whole. */
const sharedValues = new Uint16Array(65536);

export interface PizValueTable {
  /**
   * Maps each dense index the wavelet stage produces back to the 16-bit value it stands for (0 beyond
   * `maxIndex`, as in OpenEXR). Valid until the next call.
   */
  readonly values: Uint16Array;
  /** Largest dense index in use: one less than the number of distinct values in the block. */
  readonly maxIndex: number;
  /** Index of the first byte after the bitmap. */
  readonly end: number;
}

/**
 * Reads PIZ's record of which 16-bit values occur in the block: uint16 first and last non-zero bitmap byte,
 * then those bytes of the 8 KiB bitmap. The encoder replaced every value by its rank among the values present
 * (zero is always present), so that wavelet coefficients stay small; this builds the table undoing that.
 */
export function readPizValueTable(bytes: Uint8Array, source: string, fileOffset: number): PizValueTable {
  if (bytes.length < 4) {
    throw new HdrFormatError(source, 'a PIZ bitmap range (4 bytes)', fileOffset, `the chunk holds ${bytes.length} bytes`);
  }
  const first = bytes[0] | (bytes[1] << 8);
  const last = bytes[2] | (bytes[3] << 8);
  if (last >= BITMAP_BYTES) {
    throw new HdrFormatError(source, 'a PIZ bitmap range within 8192 bytes', fileOffset + 2, `last byte ${last}`);
  }
  const values = sharedValues;
  let count = 1;
  let end = 4;
  if (first <= last) {
    end += last - first + 1;
    if (end > bytes.length) {
      throw new HdrFormatError(
        source,
        `PIZ bitmap bytes ${first}..${last}`,
        fileOffset + 4,
        `only ${bytes.length - 4} bytes remain`,
      );
    }
    for (let index = first; index <= last; index++) {
      // Zero is implicit; a stray bit for it in the file must not give it a second rank.
      const byte = bytes[4 + index - first] & (index === 0 ? 0xfe : 0xff);
      if (byte === 0) continue;
      for (let bit = 0; bit < 8; bit++) {
        if (byte & (1 << bit)) values[count++] = index * 8 + bit;
      }
    }
  }
  values.fill(0, count);
  return { values, maxIndex: count - 1, end };
}
