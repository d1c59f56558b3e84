import { HdrFormatError } from '../../../errors.js';

/** OpenEXR's Huffman alphabet: every 16-bit value plus one pseudo-symbol for run lengths. */
export const HUFFMAN_ALPHABET_SIZE = 65537;

export const MAX_CODE_LENGTH = 58;
/** Packed lengths 59..62 stand for runs of 2..5 unused symbols. */
const SHORT_ZERO_RUN = 59;
/** Packed length 63 is followed by 8 bits: a run of 6..261 unused symbols. */
const LONG_ZERO_RUN = 63;
const SHORTEST_LONG_RUN = 6;

const sharedSymbols = new Int32Array(HUFFMAN_ALPHABET_SIZE);
const sharedLengths = new Uint8Array(HUFFMAN_ALPHABET_SIZE);

/**
 * The symbols that have a code, in symbol order, with their code lengths. The arrays are shared between calls
 * (decoding is synchronous): only the first `count` entries belong to the last table read.
 */
export interface CodeLengths {
  readonly symbols: Int32Array;
  readonly lengths: Uint8Array;
  readonly count: number;
  /** Per code length, how many symbols have a code of that length. */
  readonly perLength: Int32Array;
  /** Index of the first byte after the packed table. */
  readonly end: number;
}

/**
 * Reads OpenEXR's packed code-length table for symbols `minSymbol..maxSymbol` from `bytes[start..end)`:
 * 6 bits per symbol, most significant bit first, where 59..63 encode runs of unused symbols instead.
 * `fileOffset` is the file position of `bytes[0]`, for error messages.
 */
export function readCodeLengths(
  bytes: Uint8Array,
  start: number,
  end: number,
  minSymbol: number,
  maxSymbol: number,
  source: string,
  fileOffset: number,
): CodeLengths {
  const symbolCount = maxSymbol - minSymbol + 1;
  const perLength = new Int32Array(MAX_CODE_LENGTH + 1);
  let count = 0;
  let pos = start;
  let bits = 0;
  let bitCount = 0;
  for (let i = 0; i < symbolCount; ) {
    if (bitCount < 6) {
      if (pos >= end) {
        throw codeTableError(source, fileOffset + pos, `it ends after ${i} of ${symbolCount} code lengths`);
      }
      bits = (bits << 8) | bytes[pos++];
      bitCount += 8;
    }
    bitCount -= 6;
    const packed = (bits >> bitCount) & 63;
    if (packed < SHORT_ZERO_RUN) {
      if (packed !== 0) {
        sharedSymbols[count] = minSymbol + i;
        sharedLengths[count++] = packed;
        perLength[packed]++;
      }
      i++;
      continue;
    }
    let run = packed - SHORT_ZERO_RUN + 2;
    if (packed === LONG_ZERO_RUN) {
      if (bitCount < 8) {
        if (pos >= end) throw codeTableError(source, fileOffset + pos, 'it ends inside a run of unused symbols');
        bits = (bits << 8) | bytes[pos++];
        bitCount += 8;
      }
      bitCount -= 8;
      run = ((bits >> bitCount) & 255) + SHORTEST_LONG_RUN;
    }
    if (i + run > symbolCount) {
      throw codeTableError(source, fileOffset + pos - 1, `a run of ${run} unused symbols passes symbol ${maxSymbol}`);
    }
    i += run;
  }
  return { symbols: sharedSymbols, lengths: sharedLengths, count, perLength, end: pos };
}

export function codeTableError(source: string, offset: number, detail: string): HdrFormatError {
  return new HdrFormatError(source, 'a valid OpenEXR Huffman code table', offset, detail);
}
