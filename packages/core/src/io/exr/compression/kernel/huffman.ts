import type { HuffmanSection } from '../huffman/section.js';
import { kernelHuffmanTables, packKernelHuffmanTables } from './huffman-tables.js';
import { decodingKernel, kernelHuffmanTablesAt } from './instance.js';

/** What the kernel's Huffman decoder returns when the section is all decoded. */
const HUFFMAN_DECODED = 0;
/** Zero bytes after a copied bit stream: the decoder reads 4 bytes at a time. */
export const KERNEL_STREAM_PADDING = 8;

/**
 * Decodes the `count` 16-bit values of the Huffman section that `readHuffmanSection` has just read from
 * `bytes` (DWA's AC values and PIZ's wavelet planes share the format, run escape included) into kernel memory
 * at `outAt`, copying the bit stream to `streamAt`, which has room for the stream and
 * {@link KERNEL_STREAM_PADDING} bytes. Returns false where the kernel hands over (codes past its subtables, or
 * damage), leaving the section to the TypeScript decoder, which reports damage with its offset.
 */
export function decodeHuffmanInKernel(
  bytes: Uint8Array,
  section: HuffmanSection,
  streamAt: number,
  outAt: number,
  count: number,
): boolean {
  const exports = decodingKernel();
  const { buffer } = exports.memory;
  const { streamStart, streamBytes } = section;
  const subtableSlots = packKernelHuffmanTables(section.code, section.runSymbol);
  const stream = new Uint8Array(buffer, streamAt, streamBytes + KERNEL_STREAM_PADDING);
  stream.set(bytes.subarray(streamStart, streamStart + streamBytes));
  stream.fill(0, streamBytes);
  const tablesAt = kernelHuffmanTablesAt();
  const { lookup, pairedSymbols, subtables, subtableEntries } = kernelHuffmanTables;
  new Int32Array(buffer, tablesAt.lookup, lookup.length).set(lookup);
  new Uint16Array(buffer, tablesAt.pairedSymbols, pairedSymbols.length).set(pairedSymbols);
  new Int32Array(buffer, tablesAt.subtables, subtables.length).set(subtables);
  const usedEntries = subtableEntries.subarray(0, subtableSlots);
  new Int32Array(buffer, tablesAt.subtableEntries, subtableSlots).set(usedEntries);
  const { bitLength, runSymbol } = section;
  return exports.decodeHuffman(streamAt, streamBytes, bitLength, outAt, count, runSymbol) === HUFFMAN_DECODED;
}
