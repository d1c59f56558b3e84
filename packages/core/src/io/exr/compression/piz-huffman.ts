import { HdrFormatError } from '../../errors.js';
import {
  HUFFMAN_ALPHABET_SIZE,
  PRIMARY_BITS,
  readHuffmanTable,
  type HuffmanDecodeTable,
} from './piz-huffman-table.js';

const HEADER_BYTES = 20;
const PRIMARY_MASK = (1 << PRIMARY_BITS) - 1;
/**
 * Zero bytes after the copied bit stream: the decoding loop refills 16 bits at a time without bounds checks
 * and only checks, when refilling, that it has not run this far past the end.
 */
const STREAM_PADDING = 8;

function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * Decodes OpenEXR's Huffman stream in `bytes[start..start + length)` into exactly `out.length` 16-bit values.
 * Layout: uint32 smallest symbol, uint32 largest symbol (the run-length pseudo-symbol), uint32 table length,
 * uint32 bit count, 4 reserved bytes, the packed code lengths, then the codes, most significant bit first.
 * The pseudo-symbol is followed by 8 bits: how many more copies of the previous value to emit.
 * `fileOffset` is the file position of `bytes[0]`, for error messages.
 */
export function decodePizHuffman(
  bytes: Uint8Array,
  start: number,
  length: number,
  out: Uint16Array,
  source: string,
  fileOffset: number,
): void {
  const end = start + length;
  if (length < HEADER_BYTES) {
    throw new HdrFormatError(source, 'a 20-byte PIZ Huffman header', fileOffset + start, `only ${length} bytes`);
  }
  const minSymbol = readUint32(bytes, start);
  const runSymbol = readUint32(bytes, start + 4);
  const bitLength = readUint32(bytes, start + 12);
  if (runSymbol >= HUFFMAN_ALPHABET_SIZE || minSymbol >= runSymbol) {
    throw new HdrFormatError(
      source,
      'a PIZ Huffman symbol range within 0..65536',
      fileOffset + start,
      `symbols ${minSymbol}..${runSymbol}`,
    );
  }
  const { table, end: dataStart } = readHuffmanTable(bytes, start + HEADER_BYTES, end, minSymbol, runSymbol, source, fileOffset);
  const dataBytes = Math.ceil(bitLength / 8);
  if (dataBytes > end - dataStart) {
    throw new HdrFormatError(
      source,
      `${bitLength} bits of PIZ Huffman codes`,
      fileOffset + dataStart,
      `only ${end - dataStart} bytes remain`,
    );
  }
  const stream = new Uint8Array(dataBytes + STREAM_PADDING);
  stream.set(bytes.subarray(dataStart, dataStart + dataBytes));
  decodeSymbols(table, runSymbol, stream, bitLength, out, source, fileOffset + dataStart);
}

function decodeSymbols(
  table: HuffmanDecodeTable,
  runSymbol: number,
  stream: Uint8Array,
  bitLength: number,
  out: Uint16Array,
  source: string,
  streamOffset: number,
): void {
  const { primary, secondary } = table;
  const reach = PRIMARY_BITS + table.secondaryBits;
  const reachMask = (1 << reach) - 1;
  const outLength = out.length;
  const refillLimit = stream.length - STREAM_PADDING + 4;
  let buffer = 0;
  let buffered = 0;
  let pos = 0;
  let written = 0;
  while (written < outLength) {
    if (buffered < PRIMARY_BITS) {
      if (pos > refillLimit) throw truncated(source, streamOffset, bitLength, written, outLength);
      buffer = (buffer << 16) | (stream[pos] << 8) | stream[pos + 1];
      pos += 2;
      buffered += 16;
    }
    let entry = primary[(buffer >> (buffered - PRIMARY_BITS)) & PRIMARY_MASK];
    if (entry < 0) {
      while (buffered < reach) {
        if (pos > refillLimit) throw truncated(source, streamOffset, bitLength, written, outLength);
        buffer = (buffer << 8) | stream[pos++];
        buffered += 8;
      }
      entry = secondary[(buffer >> (buffered - reach)) & reachMask];
    }
    let symbol: number;
    if (entry > 0) {
      buffered -= entry & 63;
      symbol = entry >>> 6;
    } else {
      const codeStart = pos * 8 - buffered;
      if (entry === 0) throw invalidCode(source, streamOffset, codeStart, 'no code starts with these bits');
      const decoded = decodeLongCode(table, stream, codeStart, bitLength, source, streamOffset);
      symbol = decoded >>> 6;
      const next = codeStart + (decoded & 63);
      pos = Math.floor(next / 8);
      buffered = 0;
      if ((next & 7) !== 0) {
        buffer = stream[pos++];
        buffered = 8 - (next & 7);
      }
    }
    if (symbol !== runSymbol) {
      out[written++] = symbol;
      continue;
    }
    if (buffered < 8) {
      if (pos > refillLimit) throw truncated(source, streamOffset, bitLength, written, outLength);
      buffer = (buffer << 16) | (stream[pos] << 8) | stream[pos + 1];
      pos += 2;
      buffered += 16;
    }
    buffered -= 8;
    const repeats = (buffer >> buffered) & 255;
    if (written === 0 || written + repeats > outLength) {
      throw new HdrFormatError(
        source,
        'a PIZ run length that repeats a decoded value within the block',
        streamOffset + Math.floor((pos * 8 - buffered) / 8),
        written === 0 ? 'the stream starts with a run' : `${repeats} repeats after ${written} of ${outLength} values`,
      );
    }
    const value = out[written - 1];
    for (const runEnd = written + repeats; written < runEnd; written++) out[written] = value;
  }
  if (pos * 8 - buffered > bitLength) throw truncated(source, streamOffset, bitLength, written, outLength);
}

function truncated(source: string, streamOffset: number, bitLength: number, written: number, outLength: number): HdrFormatError {
  return new HdrFormatError(
    source,
    `PIZ Huffman codes for ${outLength} values within ${bitLength} bits`,
    streamOffset + Math.floor(bitLength / 8),
    `the bits run out after ${written} values`,
  );
}

/**
 * Resolves a code longer than the primary table's reach starting at bit `codeStart`, one bit at a time:
 * OpenEXR's canonical codes give every longer code a lower value than any code of a given length, so the
 * first length at which the prefix reaches that length's first code is the code's length.
 * Returns `(symbol << 6) | length`.
 */
function decodeLongCode(
  table: HuffmanDecodeTable,
  stream: Uint8Array,
  codeStart: number,
  bitLength: number,
  source: string,
  streamOffset: number,
): number {
  const { firstCode, codeCount, longBase, longSymbols, maxLength } = table;
  let value = 0;
  for (let bit = 0; bit < PRIMARY_BITS; bit++) value = (value << 1) | readBit(stream, codeStart + bit);
  for (let length = PRIMARY_BITS + 1; length <= maxLength; length++) {
    const at = codeStart + length - 1;
    if (at >= bitLength) throw invalidCode(source, streamOffset, codeStart, 'the stream ends inside a code');
    value = value * 2 + readBit(stream, at);
    const first = firstCode[length];
    if (value >= first) {
      if (value - first >= codeCount[length]) break;
      return (longSymbols[longBase[length] + value - first] << 6) | length;
    }
  }
  throw invalidCode(source, streamOffset, codeStart, 'no code matches these bits');
}

function invalidCode(source: string, streamOffset: number, codeStart: number, detail: string): HdrFormatError {
  return new HdrFormatError(source, 'a valid PIZ Huffman code', streamOffset + Math.floor(codeStart / 8), detail);
}

function readBit(stream: Uint8Array, at: number): number {
  return (stream[Math.floor(at / 8)] >> (7 - (at & 7))) & 1;
}
