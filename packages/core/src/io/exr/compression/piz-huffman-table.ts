import { HdrFormatError } from '../../errors.js';

/** OpenEXR's Huffman alphabet: every 16-bit value plus one pseudo-symbol for run lengths. */
export const HUFFMAN_ALPHABET_SIZE = 65537;

/** Bits resolved by one lookup in the primary table; longer codes take the slow path. */
export const PRIMARY_BITS = 14;

/** Primary-table entry marking a 14-bit prefix shared by codes longer than {@link PRIMARY_BITS}. */
export const LONG_CODE_PREFIX = -1;

const MAX_CODE_LENGTH = 58;
/** Packed lengths 59..62 stand for runs of 2..5 unused symbols. */
const SHORT_ZERO_RUN = 59;
/** Packed length 63 is followed by 8 bits: a run of 6..261 unused symbols. */
const LONG_ZERO_RUN = 63;
const SHORTEST_LONG_RUN = 6;

export interface HuffmanDecodeTable {
  /**
   * Indexed by the next {@link PRIMARY_BITS} bits of the stream: `(symbol << 6) | length` where a code of at
   * most that many bits starts, {@link LONG_CODE_PREFIX} where only longer codes start, 0 where no code does.
   */
  readonly primary: Int32Array;
  /**
   * Second lookup for the prefixes marked {@link LONG_CODE_PREFIX}, indexed by the next
   * `PRIMARY_BITS + secondaryBits` bits: `(symbol << 6) | length`, {@link LONG_CODE_PREFIX} where only codes
   * too long for it start, 0 where no code does. OpenEXR gives long codes the lowest values, so their
   * prefixes are the first entries of the primary table and this table stays small.
   */
  readonly secondary: Int32Array;
  readonly secondaryBits: number;
  /** Per code length, the numerically lowest code of that length (longer codes have lower values). */
  readonly firstCode: Int32Array;
  /** Per code length, how many symbols have a code of that length. */
  readonly codeCount: Int32Array;
  /** Per code length above {@link PRIMARY_BITS}, where its symbols start in `longSymbols`. */
  readonly longBase: Int32Array;
  /** Symbols with long codes, by length then by code (which is symbol order within a length). */
  readonly longSymbols: Int32Array;
  readonly maxLength: number;
}

export interface HuffmanTableRead {
  readonly table: HuffmanDecodeTable;
  /** Index of the first byte after the packed table. */
  readonly end: number;
}

/** The secondary lookup resolves codes up to this many bits past the primary one... */
const MAX_SECONDARY_BITS = 10;
/** ...within this many entries, whatever the table claims. */
const MAX_SECONDARY_ENTRIES = 1 << 16;

// Reused between calls (decoding is synchronous): the symbols in use and their code lengths.
const usedSymbols = new Int32Array(HUFFMAN_ALPHABET_SIZE);
const usedLengths = new Uint8Array(HUFFMAN_ALPHABET_SIZE);

/**
 * Reads the packed code-length table of symbols `minSymbol..maxSymbol` from `bytes[start..end)` and builds the
 * decoding tables of OpenEXR's canonical code. Rejects tables whose codes overflow their lengths or overlap
 * in a lookup table, as OpenEXR does, so that every table entry decodes to one symbol.
 */
export function readHuffmanTable(
  bytes: Uint8Array,
  start: number,
  end: number,
  minSymbol: number,
  maxSymbol: number,
  source: string,
  fileOffset: number,
): HuffmanTableRead {
  const fail = (at: number, detail: string): HdrFormatError =>
    new HdrFormatError(source, 'a valid PIZ Huffman code table', fileOffset + at, detail);

  const symbolCount = maxSymbol - minSymbol + 1;
  const codeCount = new Int32Array(MAX_CODE_LENGTH + 1);
  let used = 0;
  let pos = start;
  let bits = 0;
  let bitCount = 0;
  for (let i = 0; i < symbolCount; ) {
    if (bitCount < 6) {
      if (pos >= end) throw fail(pos, `table ends after ${i} of ${symbolCount} code lengths`);
      bits = (bits << 8) | bytes[pos++];
      bitCount += 8;
    }
    bitCount -= 6;
    const packed = (bits >> bitCount) & 63;
    if (packed < SHORT_ZERO_RUN) {
      if (packed !== 0) {
        usedSymbols[used] = minSymbol + i;
        usedLengths[used++] = packed;
        codeCount[packed]++;
      }
      i++;
      continue;
    }
    let run = packed - SHORT_ZERO_RUN + 2;
    if (packed === LONG_ZERO_RUN) {
      if (bitCount < 8) {
        if (pos >= end) throw fail(pos, 'table ends inside a run of unused symbols');
        bits = (bits << 8) | bytes[pos++];
        bitCount += 8;
      }
      bitCount -= 8;
      run = ((bits >> bitCount) & 255) + SHORTEST_LONG_RUN;
    }
    if (i + run > symbolCount) throw fail(pos - 1, `a run of ${run} unused symbols passes symbol ${maxSymbol}`);
    i += run;
  }

  // Canonical assignment, longest codes first: each length starts at half the end of the next longer one.
  const firstCode = new Int32Array(MAX_CODE_LENGTH + 1);
  const nextCode = new Int32Array(MAX_CODE_LENGTH + 1);
  let code = 0;
  for (let length = MAX_CODE_LENGTH; length > 0; length--) {
    firstCode[length] = code;
    nextCode[length] = code;
    code = (code + codeCount[length]) >> 1;
  }

  let maxLength = 0;
  const longBase = new Int32Array(MAX_CODE_LENGTH + 1);
  let longTotal = 0;
  for (let length = 1; length <= MAX_CODE_LENGTH; length++) {
    if (codeCount[length] > 0) maxLength = length;
    if (length > PRIMARY_BITS) {
      longBase[length] = longTotal;
      longTotal += codeCount[length];
    }
  }

  const primary = new Int32Array(1 << PRIMARY_BITS);
  const longSymbols = new Int32Array(longTotal);
  let prefixEnd = 0;
  for (let u = 0; u < used; u++) {
    const length = usedLengths[u];
    const symbol = usedSymbols[u];
    const symbolCode = nextCode[length]++;
    // Codes never exceed the symbol count, so only lengths below 17 bits can overflow.
    if (length < 17 && symbolCode >= 1 << length) {
      throw fail(start, `symbol ${symbol} has a ${length}-bit code of value ${symbolCode}`);
    }
    if (length <= PRIMARY_BITS) {
      if (!fillCode(primary, symbolCode << (PRIMARY_BITS - length), PRIMARY_BITS - length, (symbol << 6) | length)) {
        throw fail(start, `the code of symbol ${symbol} overlaps another code`);
      }
      continue;
    }
    const prefix = prefixOf(symbolCode, length - PRIMARY_BITS);
    if (primary[prefix] > 0) throw fail(start, `the code of symbol ${symbol} extends a shorter code`);
    primary[prefix] = LONG_CODE_PREFIX;
    prefixEnd = Math.max(prefixEnd, prefix + 1);
    longSymbols[longBase[length] + symbolCode - firstCode[length]] = symbol;
  }

  let secondaryBits = Math.min(Math.max(maxLength - PRIMARY_BITS, 0), MAX_SECONDARY_BITS);
  while (secondaryBits > 0 && prefixEnd << secondaryBits > MAX_SECONDARY_ENTRIES) secondaryBits--;
  const secondary = new Int32Array(prefixEnd << secondaryBits);
  const reach = PRIMARY_BITS + secondaryBits;
  for (let length = PRIMARY_BITS + 1; length <= maxLength; length++) {
    for (let k = 0; k < codeCount[length]; k++) {
      const symbol = longSymbols[longBase[length] + k];
      const symbolCode = firstCode[length] + k;
      if (length <= reach) {
        if (!fillCode(secondary, symbolCode << (reach - length), reach - length, (symbol << 6) | length)) {
          throw fail(start, `the code of symbol ${symbol} overlaps another code`);
        }
      } else {
        const at = prefixOf(symbolCode, length - reach);
        if (secondary[at] > 0) throw fail(start, `the code of symbol ${symbol} extends a shorter code`);
        secondary[at] = LONG_CODE_PREFIX;
      }
    }
  }

  return {
    table: { primary, secondary, secondaryBits, firstCode, codeCount, longBase, longSymbols, maxLength },
    end: pos,
  };
}

/** The leading bits of a code once `dropped` trailing bits are removed (codes are below 2^17). */
function prefixOf(code: number, dropped: number): number {
  return dropped > 17 ? 0 : code >> dropped;
}

/** Stores `entry` at every index whose leading bits are the code; false if another code is already there. */
function fillCode(table: Int32Array, first: number, freeBits: number, entry: number): boolean {
  const end = first + (1 << freeBits);
  for (let k = first; k < end; k++) {
    if (table[k] !== 0) return false;
    table[k] = entry;
  }
  return true;
}
