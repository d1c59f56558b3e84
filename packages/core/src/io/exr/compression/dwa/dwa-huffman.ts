import type { ExrBlockLayout } from '../types.js';
import { dwaError } from './dwa-error.js';

/**
 * OpenEXR's static Huffman coding (shared by PIZ and DWA's AC coefficients). A 20-byte header (minimum
 * and maximum symbol, table length, bit count, reserved), then the code lengths of symbols min..max
 * packed 6 bits each with zero-run escapes, then the MSB-first bit stream. The maximum symbol is a
 * run-length escape: it is followed by 8 bits counting further repeats of the previous value.
 */
const SYMBOL_LIMIT = 65537;
const MAX_CODE_LENGTH = 58;
const SHORT_ZERO_RUN = 59;
const LONG_ZERO_RUN = 63;
const SHORTEST_LONG_RUN = 6;
const HEADER_BYTES = 20;
const TABLE_BITS = 12;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
/** Bits kept available while decoding a code longer than the table: lengths up to this take one peek. */
const WINDOW_BITS = 24;
/**
 * Table entries: 0 = no code, -1 = prefix of a longer code, else symbol << 9 | pair flag << 8 | length
 * of the first code << 4 | bits used. When the flag is set, the index also holds a second complete code
 * (neither being the run escape) whose symbol is in `pairedSymbols`: two values per lookup halve the
 * chain of dependent table reads that bounds decoding speed.
 */
const LONG_CODE_PREFIX = -1;
const PAIR_FLAG = 0x100;
/**
 * Codes longer than the table whose prefix leads only to codes of at most TABLE_BITS + SUBTABLE_MAX_BITS
 * bits take a second lookup in a subtable for that prefix (entries: symbol << 5 | total length), up to
 * SUBTABLE_SLOTS entries in all; other prefixes fall back to canonical decoding length by length.
 */
const SUBTABLE_MAX_BITS = WINDOW_BITS - TABLE_BITS;
const SUBTABLE_SLOTS = 1 << 16;

/** 2^n for code arithmetic past 32 bits, where shifts do not apply. */
const POWERS_OF_TWO = Float64Array.from({ length: MAX_CODE_LENGTH + 1 }, (_, n) => 2 ** n);
/** The symbols with a code, in rising order, and their code lengths: tables are sparse over 64 Ki symbols. */
const codedSymbols = new Int32Array(SYMBOL_LIMIT);
const codedLengths = new Uint8Array(SYMBOL_LIMIT);
const lookup = new Int32Array(1 << TABLE_BITS);
const pairedSymbols = new Uint16Array(1 << TABLE_BITS);
const lengthCounts = new Float64Array(MAX_CODE_LENGTH + 1);
const firstCodes = new Float64Array(MAX_CODE_LENGTH + 1);
const nextCodes = new Float64Array(MAX_CODE_LENGTH + 1);
const lengthStarts = new Int32Array(MAX_CODE_LENGTH + 2);
const symbolsByCode = new Int32Array(SYMBOL_LIMIT);
/** Per table prefix: subtable offset << 4 | subtable bits, or 0 for no subtable. */
const subtables = new Int32Array(1 << TABLE_BITS);
const subtableEntries = new Int32Array(SUBTABLE_SLOTS);
/** The codes longer than the table, as the subtables are built from them. */
const longSymbols = new Int32Array(SYMBOL_LIMIT);
const longLengths = new Uint8Array(SYMBOL_LIMIT);
const longCodes = new Float64Array(SYMBOL_LIMIT);
const longPrefixBits = new Int32Array(1 << TABLE_BITS);

function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/** A section's code table, as {@link readHuffmanTables} leaves it in the shared tables. */
export interface HuffmanCodeTable {
  /** The run escape. */
  readonly maxSymbol: number;
  readonly maxLength: number;
  /** Offset in the section where the bit stream starts. */
  readonly streamStart: number;
  /** Offset in the section just past the bit stream's last byte. */
  readonly streamEnd: number;
  readonly bitCount: number;
  /** Entries of `subtableEntries` in use. */
  readonly subtableSlots: number;
}

/** The lookup tables of the last section read, for a decoder that runs elsewhere. */
export const huffmanTables = { lookup, pairedSymbols, subtables, subtableEntries } as const;

type Fail = (at: number, detail: string) => never;

/** Reads the packed code lengths into `codedSymbols` and `codedLengths`; returns the stream start and count. */
function unpackCodeLengths(
  section: Uint8Array,
  minSymbol: number,
  maxSymbol: number,
  fail: Fail,
): { streamStart: number; coded: number } {
  let coded = 0;
  let at = HEADER_BYTES;
  let buffer = 0;
  let bits = 0;
  const take = (count: number): number => {
    while (bits < count) {
      if (at >= section.length) fail(at, 'the code length table runs past the section');
      buffer = ((buffer << 8) | section[at++]) & 0xffff;
      bits += 8;
    }
    bits -= count;
    return (buffer >>> bits) & ((1 << count) - 1);
  };
  for (let symbol = minSymbol; symbol <= maxSymbol; symbol++) {
    const length = take(6);
    if (length < SHORT_ZERO_RUN) {
      if (length === 0) continue;
      codedSymbols[coded] = symbol;
      codedLengths[coded++] = length;
      continue;
    }
    const run = length === LONG_ZERO_RUN ? take(8) + SHORTEST_LONG_RUN : length - SHORT_ZERO_RUN + 2;
    if (symbol + run > maxSymbol + 1) fail(at, `a zero run of ${run} passes symbol ${maxSymbol}`);
    symbol += run - 1;
  }
  return { streamStart: at, coded };
}

/**
 * Canonical codes as OpenEXR assigns them: the longest codes take the lowest values, and within a
 * length values rise with the symbol. Short codes fill a direct lookup table; collisions, codes that
 * overflow their length and short codes shadowing long ones are corrupt tables, rejected like OpenEXR.
 */
function buildCodeTable(section: Uint8Array, fail: Fail): Omit<HuffmanCodeTable, 'streamEnd' | 'bitCount'> {
  const minSymbol = readUint32(section, 0);
  const maxSymbol = readUint32(section, 4);
  if (minSymbol > maxSymbol || maxSymbol >= SYMBOL_LIMIT) {
    fail(0, `symbols ${minSymbol}..${maxSymbol} outside 0..${SYMBOL_LIMIT - 1}`);
  }
  const { streamStart, coded } = unpackCodeLengths(section, minSymbol, maxSymbol, fail);
  lengthCounts.fill(0);
  for (let i = 0; i < coded; i++) lengthCounts[codedLengths[i]]++;
  let code = 0;
  let maxLength = 0;
  for (let length = MAX_CODE_LENGTH; length > 0; length--) {
    firstCodes[length] = code;
    nextCodes[length] = code;
    code = Math.floor((code + lengthCounts[length]) / 2);
    if (lengthCounts[length] === 0) continue;
    maxLength = Math.max(maxLength, length);
    if (firstCodes[length] + lengthCounts[length] > 2 ** length) fail(8, `too many codes of length ${length}`);
  }
  lengthStarts[0] = 0;
  for (let length = 1; length <= MAX_CODE_LENGTH + 1; length++) {
    lengthStarts[length] = lengthStarts[length - 1] + lengthCounts[length - 1];
  }
  lookup.fill(0);
  let longCount = 0;
  for (let i = 0; i < coded; i++) {
    const symbol = codedSymbols[i];
    const length = codedLengths[i];
    const symbolCode = nextCodes[length]++;
    symbolsByCode[lengthStarts[length] + symbolCode - firstCodes[length]] = symbol;
    if (length > TABLE_BITS) {
      const prefix = codePrefix(symbolCode, length - TABLE_BITS);
      if (lookup[prefix] > 0) fail(8, `code of symbol ${symbol} collides with a shorter code`);
      lookup[prefix] = LONG_CODE_PREFIX;
      longSymbols[longCount] = symbol;
      longLengths[longCount] = length;
      longCodes[longCount++] = symbolCode;
      continue;
    }
    const start = symbolCode << (TABLE_BITS - length);
    const end = start + (1 << (TABLE_BITS - length));
    const entry = (symbol << 9) | (length << 4) | length;
    for (let index = start; index < end; index++) {
      if (lookup[index] !== 0) fail(8, `code of symbol ${symbol} collides with another code`);
      lookup[index] = entry;
    }
  }
  pairCodes(maxSymbol);
  const subtableSlots = buildSubtables(longCount, fail);
  return { maxSymbol, maxLength, streamStart, subtableSlots };
}

/** The top TABLE_BITS bits of a code of TABLE_BITS + `extraBits` bits (up to 58, past 32-bit shifts). */
function codePrefix(code: number, extraBits: number): number {
  return extraBits <= 32 - TABLE_BITS ? code >>> extraBits : Math.floor(code / POWERS_OF_TWO[extraBits]);
}

/** Fills the subtables from the `count` long codes in `longSymbols`, `longLengths` and `longCodes`. */
function buildSubtables(count: number, fail: Fail): number {
  subtables.fill(0);
  longPrefixBits.fill(0);
  for (let i = 0; i < count; i++) {
    const extraBits = longLengths[i] - TABLE_BITS;
    const prefix = codePrefix(longCodes[i], extraBits);
    const known = longPrefixBits[prefix];
    longPrefixBits[prefix] = known < 0 || extraBits > SUBTABLE_MAX_BITS ? -1 : Math.max(known, extraBits);
  }
  let used = 0;
  for (let prefix = 0; prefix < 1 << TABLE_BITS; prefix++) {
    const bits = longPrefixBits[prefix];
    if (bits <= 0 || used + (1 << bits) > SUBTABLE_SLOTS) continue;
    subtables[prefix] = (used << 4) | bits;
    subtableEntries.fill(0, used, used + (1 << bits));
    used += 1 << bits;
  }
  for (let i = 0; i < count; i++) {
    const symbol = longSymbols[i];
    const length = longLengths[i];
    const extraBits = length - TABLE_BITS;
    const code = longCodes[i];
    const prefix = codePrefix(code, extraBits);
    const subtable = subtables[prefix];
    if (subtable === 0) continue;
    const spare = (subtable & 15) - extraBits;
    const start = (subtable >>> 4) + ((code & ((1 << extraBits) - 1)) << spare);
    for (let index = start; index < start + (1 << spare); index++) {
      if (subtableEntries[index] !== 0) fail(8, `code of symbol ${symbol} collides with another code`);
      subtableEntries[index] = (symbol << 5) | length;
    }
  }
  return used;
}

function pairCodes(runSymbol: number): void {
  for (let index = 0; index <= TABLE_MASK; index++) {
    const first = lookup[index];
    if (first <= 0 || first >>> 9 === runSymbol) continue;
    const firstLength = (first >>> 4) & 15;
    const second = lookup[(index << firstLength) & TABLE_MASK];
    const secondLength = (second >>> 4) & 15;
    if (second <= 0 || second >>> 9 === runSymbol || firstLength + secondLength > TABLE_BITS) continue;
    lookup[index] = first + PAIR_FLAG + secondLength;
    pairedSymbols[index] = second >>> 9;
  }
}

function failure(layout: ExrBlockLayout, sectionOffset: number): Fail {
  return (at, detail) => {
    throw dwaError(layout, sectionOffset + at, 'a valid DWA Huffman-coded AC section', detail);
  };
}

/** Reads and checks a section's header and code table into the shared tables. */
export function readHuffmanTables(
  section: Uint8Array,
  layout: ExrBlockLayout,
  sectionOffset: number,
): HuffmanCodeTable {
  const fail = failure(layout, sectionOffset);
  if (section.length < HEADER_BYTES) fail(0, `the section holds ${section.length} bytes`);
  const table = buildCodeTable(section, fail);
  const bitCount = readUint32(section, 12);
  const streamEnd = table.streamStart + Math.ceil(bitCount / 8);
  if (streamEnd > section.length) fail(12, `${bitCount} bits do not fit after the code table`);
  return { ...table, streamEnd, bitCount };
}

/**
 * Decodes exactly `count` 16-bit values from a Huffman-coded section into the start of `out`. Every code
 * and run is checked against the table, the output size and the section's declared bit count, so corrupt
 * input fails fast. This is the reference decoder: the kernel's faster one hands over to it for codes
 * past its subtables and for reporting damage.
 */
export function decodeDwaHuffman(
  section: Uint8Array,
  out: Uint16Array,
  count: number,
  layout: ExrBlockLayout,
  sectionOffset: number,
): void {
  const fail = failure(layout, sectionOffset);
  const { maxSymbol, maxLength, streamStart, streamEnd, bitCount } = readHuffmanTables(section, layout, sectionOffset);
  const runSymbol = maxSymbol;
  const lastPair = streamEnd - 1;
  // `buffer` holds the next `bits` bits of the stream in its low end; refilling 16 bits whenever fewer
  // than 16 remain keeps a full table index available. Past the end the stream reads as zeros, and the
  // bit count check below catches any code that needed them.
  let buffer = 0;
  let bits = 0;
  let at = streamStart;
  let produced = 0;
  while (produced < count) {
    if (bits < 16) {
      if (at < lastPair) buffer = (buffer << 16) | (section[at] << 8) | section[at + 1];
      else buffer = (buffer << 16) | ((at < streamEnd ? section[at] : 0) << 8);
      at += 2;
      bits += 16;
    }
    const peek = (buffer >>> (bits - TABLE_BITS)) & TABLE_MASK;
    const entry = lookup[peek];
    let symbol: number;
    if (entry > 0) {
      if ((entry & PAIR_FLAG) !== 0 && produced + 1 < count) {
        bits -= entry & 15;
        out[produced] = entry >>> 9;
        out[produced + 1] = pairedSymbols[peek];
        produced += 2;
        continue;
      }
      bits -= (entry >>> 4) & 15;
      symbol = entry >>> 9;
    } else {
      if (entry === 0) fail(at, 'a bit pattern that is no code');
      symbol = -1;
      while (bits < WINDOW_BITS) {
        buffer = (buffer << 8) | (at < streamEnd ? section[at] : 0);
        at++;
        bits += 8;
      }
      const subtable = subtables[peek];
      if (subtable !== 0) {
        const subBits = subtable & 15;
        const index = (subtable >>> 4) + ((buffer >>> (bits - TABLE_BITS - subBits)) & ((1 << subBits) - 1));
        const longEntry = subtableEntries[index];
        if (longEntry === 0) fail(at, 'a bit pattern that is no code');
        bits -= longEntry & 31;
        symbol = longEntry >>> 5;
      }
      // Other long codes: canonical decoding, trying each length in turn on a window of 24 bits, then bit by bit.
      let code = 0;
      for (let length = TABLE_BITS + 1; symbol < 0 && length <= maxLength; length++) {
        if (length <= WINDOW_BITS) {
          code = (buffer >>> (bits - length)) & ((1 << length) - 1);
        } else {
          if (length === WINDOW_BITS + 1) bits -= WINDOW_BITS;
          if (bits === 0) {
            buffer = at < streamEnd ? section[at] : 0;
            at++;
            bits = 8;
          }
          bits--;
          code = code * 2 + ((buffer >>> bits) & 1);
        }
        const codes = lengthCounts[length];
        const first = firstCodes[length];
        if (codes === 0 || code < first) continue;
        if (code >= first + codes) fail(at, 'a bit pattern that is no code');
        symbol = symbolsByCode[lengthStarts[length] + code - first];
        if (length <= WINDOW_BITS) bits -= length;
        break;
      }
      if (symbol < 0) fail(at, 'a bit pattern that is no code');
    }
    if (symbol !== runSymbol) {
      out[produced++] = symbol;
      continue;
    }
    if (bits < 8) {
      buffer = (buffer << 8) | (at < streamEnd ? section[at] : 0);
      at++;
      bits += 8;
    }
    bits -= 8;
    const repeats = (buffer >>> bits) & 0xff;
    if (produced === 0) fail(at, 'a repeat before any value');
    if (produced + repeats > count) fail(at, `runs past the ${count} values the header announces`);
    const value = out[produced - 1];
    for (let i = 0; i < repeats; i++) out[produced + i] = value;
    produced += repeats;
    // A run of zero repeats produces nothing: bounding those by the bit count keeps padding from looping.
    if ((at - streamStart) * 8 - bits > bitCount) fail(at, `the stream needs more than its ${bitCount} bits`);
  }
  if ((at - streamStart) * 8 - bits > bitCount) fail(at, `the stream needs more than its ${bitCount} bits`);
}
