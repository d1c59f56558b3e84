import { inflateExactly } from '../inflate.js';
import type { ExrBlockLayout } from '../types.js';
import { dwaError } from './dwa-error.js';
import { decodeDwaHuffman } from './dwa-huffman.js';
import { DwaAcCompression } from './header.js';

/** The end-of-block code: the rest of the block's coefficients are zero. */
export const AC_END_OF_BLOCK = 0xff00;
/** A block reads at most 63 AC values, so this much end-of-block padding stops any block inside the array. */
export const AC_PADDING = 63;

/**
 * The AC coefficients of every lossy block, as 16-bit values (halves, or 0xffNN zero runs), entropy coded
 * either with OpenEXR's static Huffman code or with zlib, as the chunk header says. The `count` values
 * are followed by {@link AC_PADDING} end-of-block codes, so that block expansion needs no per-value bound
 * check: a block that starts inside the data ends inside the padding, and the caller checks per block.
 */
export function decodeAcValues(
  chunk: Uint8Array,
  at: number,
  size: number,
  count: number,
  compression: number,
  layout: ExrBlockLayout,
): Uint16Array {
  const values = new Uint16Array(count + AC_PADDING).fill(AC_END_OF_BLOCK, count);
  if (count === 0) return values;
  if (size === 0) throw dwaError(layout, at, 'a DWA AC section', `${count} AC values are announced with 0 bytes`);
  const section = chunk.subarray(at, at + size);
  if (compression === DwaAcCompression.StaticHuffman) {
    decodeDwaHuffman(section, values, count, layout, at);
    return values;
  }
  if (compression !== DwaAcCompression.Deflate) {
    throw dwaError(layout, 10 * 8, 'a DWA AC compression of 0 (Huffman) or 1 (deflate)', `got ${compression}`);
  }
  const bytes = inflateExactly(section, count * 2, layout, 'DWA AC');
  for (let i = 0; i < count; i++) values[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
  return values;
}
