import { inflateExactly } from '../inflate.js';
import type { ExrBlockLayout } from '../types.js';
import { dwaError } from './dwa-error.js';
import { decodeDwaHuffman } from './dwa-huffman.js';
import { DwaAcCompression } from './header.js';

/**
 * The AC coefficients of every lossy block, as 16-bit values (halves, or 0xffNN zero runs), entropy coded
 * either with OpenEXR's static Huffman code or with zlib, as the chunk header says.
 */
export function decodeAcValues(
  chunk: Uint8Array,
  at: number,
  size: number,
  count: number,
  compression: number,
  layout: ExrBlockLayout,
): Uint16Array {
  if (count === 0) return new Uint16Array(0);
  if (size === 0) throw dwaError(layout, at, 'a DWA AC section', `${count} AC values are announced with 0 bytes`);
  const section = chunk.subarray(at, at + size);
  if (compression === DwaAcCompression.StaticHuffman) return decodeDwaHuffman(section, count, layout, at);
  if (compression !== DwaAcCompression.Deflate) {
    throw dwaError(layout, 10 * 8, 'a DWA AC compression of 0 (Huffman) or 1 (deflate)', `got ${compression}`);
  }
  const bytes = inflateExactly(section, count * 2, layout, 'DWA AC');
  const values = new Uint16Array(count);
  for (let i = 0; i < count; i++) values[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
  return values;
}
