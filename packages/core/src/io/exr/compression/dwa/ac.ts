import { decodeHuffman } from '../huffman/decode.js';
import { readHuffmanSection } from '../huffman/section.js';
import { inflateExactly } from '../inflate.js';
import type { ExrBlockLayout } from '../types.js';
import { dwaError } from './dwa-error.js';
import { DwaAcCompression } from './header.js';
import { decodeHuffmanInKernel, type KernelChunk } from './kernel.js';

/** The end-of-block code: the rest of the block's coefficients are zero. */
export const AC_END_OF_BLOCK = 0xff00;
/** A block reads at most 63 AC values, so this much end-of-block padding stops any block inside the array. */
export const AC_PADDING = 63;

/**
 * The AC coefficients of every lossy block, as 16-bit values (halves, or 0xffNN zero runs), entropy coded
 * either with OpenEXR's static Huffman code or with zlib, as the chunk header says. Fills the chunk's AC
 * slots (`count` + {@link AC_PADDING}): the `count` values, then end-of-block codes, so that block
 * expansion needs no per-value bound check: a block that starts inside the data ends inside the padding,
 * and the kernel checks per block. Huffman sections decode in the kernel, or in the TypeScript decoder
 * where the kernel hands over.
 */
export function decodeAcValues(
  chunk: Uint8Array,
  at: number,
  size: number,
  count: number,
  compression: number,
  layout: ExrBlockLayout,
  target: KernelChunk,
): void {
  const values = target.ac;
  values.fill(AC_END_OF_BLOCK, count, count + AC_PADDING);
  if (count === 0) return;
  if (size === 0) throw dwaError(layout, at, 'a DWA AC section', `${count} AC values are announced with 0 bytes`);
  const section = chunk.subarray(at, at + size);
  if (compression === DwaAcCompression.StaticHuffman) {
    const sectionOffset = layout.offset + at;
    const huffman = readHuffmanSection(section, 0, section.length, layout.source, sectionOffset);
    if (!decodeHuffmanInKernel(target, section, huffman, count)) {
      decodeHuffman(section, huffman, values.subarray(0, count), layout.source, sectionOffset);
    }
    return;
  }
  if (compression !== DwaAcCompression.Deflate) {
    throw dwaError(layout, 10 * 8, 'a DWA AC compression of 0 (Huffman) or 1 (deflate)', `got ${compression}`);
  }
  const bytes = inflateExactly(section, count * 2, layout, 'DWA AC');
  for (let i = 0; i < count; i++) values[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
}
