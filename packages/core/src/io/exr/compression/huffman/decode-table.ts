import type { CanonicalCode } from './canonical-codes.js';
import { MAX_CODE_LENGTH } from './code-lengths.js';

/** Bits resolved by one lookup in the primary table. */
export const PRIMARY_BITS = 14;

/** Table entry marking a prefix shared only by codes longer than the table resolves. */
export const LONG_CODE_PREFIX = -1;

const PRIMARY_SIZE = 1 << PRIMARY_BITS;
/** The secondary lookup resolves codes up to this many bits past the primary one... */
const MAX_SECONDARY_BITS = 10;
/** ...within this many entries, whatever the table claims. */
const MAX_SECONDARY_ENTRIES = 1 << 16;
/** Spans up to this many entries are filled by a loop; longer ones by the native fill. */
const SHORT_SPAN = 16;

/**
 * Decoding tables for one block. They live in arrays shared between calls (decoding is synchronous), so a
 * table is valid until the next one is built.
 */
export interface HuffmanDecodeTable {
  /**
   * Indexed by the next {@link PRIMARY_BITS} bits of the stream: `(symbol << 6) | length` where a code of at
   * most that many bits starts, {@link LONG_CODE_PREFIX} where only longer codes start, 0 where no code does.
   */
  readonly primary: Int32Array;
  /**
   * Second lookup for the prefixes marked {@link LONG_CODE_PREFIX}, indexed by the next
   * `PRIMARY_BITS + secondaryBits` bits, with entries like `primary`. OpenEXR gives long codes the lowest
   * values, so their prefixes are the first entries of the primary table and this table stays small.
   */
  readonly secondary: Int32Array;
  readonly secondaryBits: number;
  /**
   * The common case, indexed like `primary`: the bits its code(s) take in the low 4 bits, plus 16 when a
   * second complete code follows within the window; 0 where the slow path must decide (long codes, the
   * run-length symbol, no code).
   */
  readonly fastInfo: Uint8Array;
  /** Where `fastInfo` is set: the symbol of the code, and of the second code when there is one. */
  readonly fastFirst: Uint16Array;
  readonly fastSecond: Uint16Array;
  /** Per code length above {@link PRIMARY_BITS}, where its symbols start in `longSymbols`. */
  readonly longBase: Int32Array;
  /** Symbols with long codes, by length then by code (which is symbol order within a length). */
  readonly longSymbols: Int32Array;
  /** The code the tables were built from, which resolves codes too long for them. */
  readonly code: CanonicalCode;
}

const primary = new Int32Array(PRIMARY_SIZE);
const fastInfo = new Uint8Array(PRIMARY_SIZE);
const fastFirst = new Uint16Array(PRIMARY_SIZE);
const fastSecond = new Uint16Array(PRIMARY_SIZE);
/** What follows a code of length l: entries `[2^(14-l), 2^(15-l))` hold the fast info and second symbol. */
const followInfo = new Uint8Array(PRIMARY_SIZE);
const followSymbol = new Uint16Array(PRIMARY_SIZE);
let secondary = new Int32Array(256);
let longSymbols = new Int32Array(256);

/**
 * Builds the decoding tables of a canonical code, which `assignCanonicalCodes` has checked to be a
 * prefix code: every code lands in entries of its own. `withPairs` builds the tables that decode two short
 * codes per lookup, which pay for themselves on large blocks only.
 */
export function buildDecodeTable(code: CanonicalCode, runSymbol: number, withPairs: boolean): HuffmanDecodeTable {
  const { symbols, lengths, codes, count, perLength, firstCode, maxLength } = code;
  const longBase = new Int32Array(MAX_CODE_LENGTH + 1);
  let longTotal = 0;
  let prefixEnd = 0;
  for (let length = PRIMARY_BITS + 1; length <= maxLength; length++) {
    longBase[length] = longTotal;
    longTotal += perLength[length];
    if (perLength[length] === 0) continue;
    prefixEnd = Math.max(prefixEnd, leadingBits(firstCode[length] + perLength[length] - 1, length - PRIMARY_BITS) + 1);
  }

  let secondaryBits = Math.min(Math.max(maxLength - PRIMARY_BITS, 0), MAX_SECONDARY_BITS);
  while (secondaryBits > 0 && prefixEnd << secondaryBits > MAX_SECONDARY_ENTRIES) secondaryBits--;
  const reach = PRIMARY_BITS + secondaryBits;
  let deepEnd = 0;
  for (let length = reach + 1; length <= maxLength; length++) {
    if (perLength[length] === 0) continue;
    deepEnd = Math.max(deepEnd, leadingBits(firstCode[length] + perLength[length] - 1, length - reach) + 1);
  }

  const secondarySize = prefixEnd << secondaryBits;
  if (secondary.length < secondarySize) secondary = new Int32Array(secondarySize);
  if (longSymbols.length < longTotal) longSymbols = new Int32Array(longTotal);
  primary.fill(0);
  primary.fill(LONG_CODE_PREFIX, 0, prefixEnd);
  secondary.fill(0, 0, secondarySize);
  secondary.fill(LONG_CODE_PREFIX, 0, deepEnd);

  for (let u = 0; u < count; u++) {
    const length = lengths[u];
    const symbol = symbols[u];
    const symbolCode = codes[u];
    if (length <= PRIMARY_BITS) {
      const freeBits = PRIMARY_BITS - length;
      fillSpan(primary, symbolCode << freeBits, 1 << freeBits, (symbol << 6) | length);
    } else {
      longSymbols[longBase[length] + symbolCode - firstCode[length]] = symbol;
      const freeBits = reach - length;
      if (freeBits >= 0) fillSpan(secondary, symbolCode << freeBits, 1 << freeBits, (symbol << 6) | length);
    }
  }

  fillFastTables(code, runSymbol, withPairs);
  return {
    primary,
    secondary,
    secondaryBits,
    fastInfo,
    fastFirst,
    fastSecond,
    longBase,
    longSymbols,
    code,
  };
}

/** The first bits of a code once `dropped` trailing bits are removed (codes are below 2^17). */
function leadingBits(code: number, dropped: number): number {
  return dropped > 17 ? 0 : code >> dropped;
}

function fillSpan(table: Int32Array, first: number, span: number, entry: number): void {
  if (span > SHORT_SPAN) {
    table.fill(entry, first, first + span);
    return;
  }
  for (let k = first; k < first + span; k++) table[k] = entry;
}

/**
 * The entries a short code covers differ only in the bits after it, so what can follow a code depends on its
 * length alone: `followInfo` and `followSymbol` are computed once per length, then copied under each code.
 */
function fillFastTables(code: CanonicalCode, runSymbol: number, withPairs: boolean): void {
  const { symbols, lengths, codes, count, perLength } = code;
  fastInfo.fill(0);
  for (let length = 1; length < PRIMARY_BITS; length++) {
    if (perLength[length] === 0) continue;
    const span = 1 << (PRIMARY_BITS - length);
    if (!withPairs) {
      followInfo.fill(length, span, 2 * span);
      continue;
    }
    for (let k = 0; k < span; k++) {
      const entry = primary[k << length];
      const entryLength = entry & 63;
      const paired = entry > 0 && entryLength <= PRIMARY_BITS - length && entry >>> 6 !== runSymbol;
      followInfo[span + k] = paired ? (length + entryLength) | 16 : length;
      followSymbol[span + k] = paired ? entry >>> 6 : 0;
    }
  }
  for (let u = 0; u < count; u++) {
    const length = lengths[u];
    const symbol = symbols[u];
    if (length > PRIMARY_BITS || symbol === runSymbol) continue;
    const span = 1 << (PRIMARY_BITS - length);
    const first = codes[u] << (PRIMARY_BITS - length);
    if (length === PRIMARY_BITS) {
      fastInfo[first] = length;
      fastFirst[first] = symbol;
    } else if (span > SHORT_SPAN) {
      fastInfo.set(followInfo.subarray(span, 2 * span), first);
      fastSecond.set(followSymbol.subarray(span, 2 * span), first);
      fastFirst.fill(symbol, first, first + span);
    } else {
      for (let k = 0; k < span; k++) {
        fastInfo[first + k] = followInfo[span + k];
        fastSecond[first + k] = followSymbol[span + k];
        fastFirst[first + k] = symbol;
      }
    }
  }
}
