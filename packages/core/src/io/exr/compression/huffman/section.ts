import { HdrFormatError } from '../../../errors.js';
import { assignCanonicalCodes, type CanonicalCode } from './canonical-codes.js';
import { HUFFMAN_ALPHABET_SIZE, readCodeLengths } from './code-lengths.js';

const HEADER_BYTES = 20;
/** Bit positions stay 32-bit integers. */
const MAX_BIT_LENGTH = 0x7fffffff - 64;

/** A checked Huffman section: its code, and where its bit stream lies. */
export interface HuffmanSection {
  /** Valid until the next section is read: its arrays are shared between calls. */
  readonly code: CanonicalCode;
  /** The largest symbol, which stands for a run of the previous value. */
  readonly runSymbol: number;
  /** Index in the section's bytes of the bit stream's first byte. */
  readonly streamStart: number;
  /** Bytes the stream occupies; all of them lie inside the section. */
  readonly streamBytes: number;
  /** Bits of the stream that hold codes. */
  readonly bitLength: number;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * Reads and checks OpenEXR's Huffman section in `bytes[start..start + length)`, as PIZ and DWA's AC values
 * store it: uint32 smallest symbol, uint32 largest symbol (the run-length pseudo-symbol), uint32 table length,
 * uint32 bit count, 4 reserved bytes, the packed code lengths, then the codes, most significant bit first.
 * `fileOffset` is the file position of `bytes[0]`, for error messages.
 */
export function readHuffmanSection(
  bytes: Uint8Array,
  start: number,
  length: number,
  source: string,
  fileOffset: number,
): HuffmanSection {
  const end = start + length;
  if (length < HEADER_BYTES) {
    throw new HdrFormatError(source, 'a 20-byte Huffman header', fileOffset + start, `only ${length} bytes`);
  }
  const minSymbol = readUint32(bytes, start);
  const runSymbol = readUint32(bytes, start + 4);
  const bitLength = readUint32(bytes, start + 12);
  if (runSymbol >= HUFFMAN_ALPHABET_SIZE || minSymbol >= runSymbol) {
    throw new HdrFormatError(
      source,
      'a Huffman symbol range within 0..65536',
      fileOffset + start,
      `symbols ${minSymbol}..${runSymbol}`,
    );
  }
  if (bitLength > MAX_BIT_LENGTH) {
    throw new HdrFormatError(source, 'a Huffman stream below 256 MiB', fileOffset + start + 12, `${bitLength} bits`);
  }
  const lengths = readCodeLengths(bytes, start + HEADER_BYTES, end, minSymbol, runSymbol, source, fileOffset);
  const code = assignCanonicalCodes(lengths, source, fileOffset + start);
  const streamStart = lengths.end;
  const streamBytes = Math.ceil(bitLength / 8);
  if (streamBytes > end - streamStart) {
    throw new HdrFormatError(
      source,
      `${bitLength} bits of Huffman codes`,
      fileOffset + streamStart,
      `only ${end - streamStart} bytes remain`,
    );
  }
  return { code, runSymbol, streamStart, streamBytes, bitLength };
}
