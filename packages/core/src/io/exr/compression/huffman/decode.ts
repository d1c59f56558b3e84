import { HdrFormatError } from '../../../errors.js';
import { buildDecodeTable, LONG_CODE_PREFIX, PRIMARY_BITS, type HuffmanDecodeTable } from './decode-table.js';
import type { HuffmanSection } from './section.js';

// Module-local copies of the imported constants: the per-code paths read them, and some module loaders (tsx's
// CommonJS interop among them) turn every read of an imported binding into a getter call.
const LOOKUP_BITS = PRIMARY_BITS;
const LONG_PREFIX = LONG_CODE_PREFIX;
const LOOKUP_MASK = (1 << LOOKUP_BITS) - 1;
/** Right shift that leaves the lookup index of a 24-bit window starting at a byte boundary. */
const WINDOW_SHIFT = 24 - LOOKUP_BITS;
/** Zero bytes after the copied bit stream, so that the window around any position before its end can be read. */
const STREAM_PADDING = 4;
/**
 * Below this many values, building the tables that decode two codes per lookup costs more than they save.
 */
const PAIR_TABLE_MIN_VALUES = 32768;

/** The bit stream with its padding, reused between calls (decoding is synchronous). */
let streamScratch = new Uint8Array(0);

/**
 * Decodes the bit stream of `section` (read from `bytes` by `readHuffmanSection`, with no section read since)
 * into exactly `out.length` 16-bit values. The run-length pseudo-symbol is followed by 8 bits: how many more
 * copies of the previous value to emit. `fileOffset` is the file position of `bytes[0]`, for error messages.
 */
export function decodeHuffman(
  bytes: Uint8Array,
  section: HuffmanSection,
  out: Uint16Array,
  source: string,
  fileOffset: number,
): void {
  const { runSymbol, streamStart, streamBytes, bitLength } = section;
  const table = buildDecodeTable(section.code, runSymbol, out.length >= PAIR_TABLE_MIN_VALUES);
  if (streamScratch.length < streamBytes + STREAM_PADDING) {
    streamScratch = new Uint8Array(streamBytes + STREAM_PADDING);
  }
  const stream = streamScratch.subarray(0, streamBytes + STREAM_PADDING);
  stream.set(bytes.subarray(streamStart, streamStart + streamBytes));
  stream.fill(0, streamBytes);
  decodeSymbols(table, runSymbol, stream, bitLength, out, source, fileOffset + streamStart);
}

/**
 * Codes are read at an absolute bit position from the three bytes around it, which keeps the hot loop free of
 * the unpredictable refill branch of a bit buffer. The hot loop lives in its own function and hands every
 * uncommon code to another: V8 compiles a loop before it has run every path, and a path first taken after
 * that costs a deoptimisation each time it is taken, so the hot loop keeps only what runs on every iteration.
 * Both functions share their position through `cursor` (bit position, values written).
 */
function decodeSymbols(
  table: HuffmanDecodeTable,
  runSymbol: number,
  stream: Uint8Array,
  bitLength: number,
  out: Uint16Array,
  source: string,
  streamOffset: number,
): void {
  const { fastInfo, fastFirst, fastSecond } = table;
  const outLength = out.length;
  const cursor = new Int32Array(2);
  while (cursor[1] < outLength) {
    decodePairs(fastInfo, fastFirst, fastSecond, stream, bitLength, out, cursor);
    if (cursor[1] < outLength) decodeOne(table, runSymbol, stream, bitLength, out, cursor, source, streamOffset);
  }
  if (cursor[0] > bitLength) throw truncated(source, streamOffset, bitLength, cursor[1], outLength);
}

/** Decodes while the next code is short and not a run, one or two values per lookup. */
function decodePairs(
  fastInfo: Uint8Array,
  fastFirst: Uint16Array,
  fastSecond: Uint16Array,
  stream: Uint8Array,
  bitLength: number,
  out: Uint16Array,
  cursor: Int32Array,
): void {
  const pairLimit = out.length - 1;
  let bitPos = cursor[0];
  let written = cursor[1];
  while (written < pairLimit && bitPos < bitLength) {
    const at = bitPos >> 3;
    const window = (stream[at] << 16) | (stream[at + 1] << 8) | stream[at + 2];
    const index = (window >> (WINDOW_SHIFT - (bitPos & 7))) & LOOKUP_MASK;
    const info = fastInfo[index];
    if (info === 0) break;
    bitPos += info & 15;
    out[written] = fastFirst[index];
    out[written + 1] = fastSecond[index];
    written += (info >> 4) + 1;
    cursor[0] = bitPos;
    cursor[1] = written;
  }
}

/** Decodes one code of any kind at the cursor: a long code, a run, or the block's last value. */
function decodeOne(
  table: HuffmanDecodeTable,
  runSymbol: number,
  stream: Uint8Array,
  bitLength: number,
  out: Uint16Array,
  cursor: Int32Array,
  source: string,
  streamOffset: number,
): void {
  let bitPos = cursor[0];
  const written = cursor[1];
  const outLength = out.length;
  if (bitPos >= bitLength) throw truncated(source, streamOffset, bitLength, written, outLength);
  const at = bitPos >> 3;
  const window = (stream[at] << 24) | (stream[at + 1] << 16) | (stream[at + 2] << 8) | stream[at + 3];
  let entry = table.primary[(window >>> (32 - LOOKUP_BITS - (bitPos & 7))) & LOOKUP_MASK];
  if (entry === LONG_PREFIX) {
    const reach = LOOKUP_BITS + table.secondaryBits;
    entry = table.secondary[(window >>> (32 - reach - (bitPos & 7))) & ((1 << reach) - 1)];
  }
  if (entry === 0) throw invalidCode(source, streamOffset, bitPos, 'no code starts with these bits');
  if (entry === LONG_PREFIX) entry = decodeLongCode(table, stream, bitPos, bitLength, source, streamOffset);
  bitPos += entry & 63;
  const symbol = entry >>> 6;
  if (symbol !== runSymbol) {
    out[written] = symbol;
    cursor[0] = bitPos;
    cursor[1] = written + 1;
    return;
  }
  if (bitPos + 8 > bitLength) throw truncated(source, streamOffset, bitLength, written, outLength);
  const countAt = bitPos >> 3;
  const repeats = (((stream[countAt] << 8) | stream[countAt + 1]) >> (8 - (bitPos & 7))) & 255;
  if (written === 0 || written + repeats > outLength) {
    throw new HdrFormatError(
      source,
      'a Huffman run length that repeats a decoded value within the block',
      streamOffset + countAt,
      written === 0 ? 'the stream starts with a run' : `${repeats} repeats after ${written} of ${outLength} values`,
    );
  }
  out.fill(out[written - 1], written, written + repeats);
  cursor[0] = bitPos + 8;
  cursor[1] = written + repeats;
}

function truncated(
  source: string,
  streamOffset: number,
  bitLength: number,
  written: number,
  outLength: number,
): HdrFormatError {
  return new HdrFormatError(
    source,
    `Huffman codes for ${outLength} values within ${bitLength} bits`,
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
  const { longBase, longSymbols } = table;
  const { firstCode, perLength, maxLength } = table.code;
  let value = 0;
  for (let bit = 0; bit < LOOKUP_BITS; bit++) value = (value << 1) | readBit(stream, codeStart + bit);
  for (let length = LOOKUP_BITS + 1; length <= maxLength; length++) {
    const at = codeStart + length - 1;
    if (at >= bitLength) throw invalidCode(source, streamOffset, codeStart, 'the stream ends inside a code');
    value = value * 2 + readBit(stream, at);
    const first = firstCode[length];
    if (value >= first) {
      if (value - first >= perLength[length]) break;
      return (longSymbols[longBase[length] + value - first] << 6) | length;
    }
  }
  throw invalidCode(source, streamOffset, codeStart, 'no code matches these bits');
}

function invalidCode(source: string, streamOffset: number, codeStart: number, detail: string): HdrFormatError {
  return new HdrFormatError(source, 'a valid Huffman code', streamOffset + Math.floor(codeStart / 8), detail);
}

function readBit(stream: Uint8Array, at: number): number {
  return (stream[at >> 3] >> (7 - (at & 7))) & 1;
}
