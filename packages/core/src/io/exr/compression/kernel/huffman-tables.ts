import type { CanonicalCode } from '../huffman/canonical-codes.js';

/**
 * The Huffman lookup tables in the layout the WebAssembly kernel reads (packages/core/assembly/huffman.ts),
 * built from a code that `assignCanonicalCodes` has checked to be a prefix code:
 * - `lookup`, indexed by the next TABLE_BITS bits: 0 = no code, -1 = prefix of a longer code, else
 *   symbol << 9 | pair flag << 8 | length of the first code << 4 | bits used. When the flag is set, the index
 *   also holds a second complete code (neither being the run escape) whose symbol is in `pairedSymbols`: two
 *   values per lookup halve the chain of dependent table reads that bounds decoding speed.
 * - `subtables`, per long-code prefix: offset in `subtableEntries` << 4 | subtable bits, or 0 where the codes
 *   under the prefix are longer than TABLE_BITS + SUBTABLE_MAX_BITS and the kernel hands the section back.
 * - `subtableEntries`: symbol << 5 | total length.
 */
const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
const TABLE_MASK = TABLE_SIZE - 1;
const LONG_CODE_PREFIX = -1;
const PAIR_FLAG = 0x100;
/** The kernel keeps 24 bits in view for a long code. */
const SUBTABLE_MAX_BITS = 24 - TABLE_BITS;
const SUBTABLE_SLOTS = 1 << 16;
/** Code values stay below 2^17, so dropping more bits than this leaves 0. */
const CODE_VALUE_BITS = 17;

const lookup = new Int32Array(TABLE_SIZE);
const pairedSymbols = new Uint16Array(TABLE_SIZE);
const subtables = new Int32Array(TABLE_SIZE);
const subtableEntries = new Int32Array(SUBTABLE_SLOTS);
/** Per prefix, the most bits its long codes have past the table, or -1 when that is too many for a subtable. */
const prefixExtraBits = new Int32Array(TABLE_SIZE);

/** The tables of the last code packed, shared between calls (decoding is synchronous). */
export const kernelHuffmanTables = { lookup, pairedSymbols, subtables, subtableEntries } as const;

/** Fills {@link kernelHuffmanTables} for `code`; returns how many entries of `subtableEntries` are in use. */
export function packKernelHuffmanTables(code: CanonicalCode, runSymbol: number): number {
  const { symbols, lengths, codes, count } = code;
  lookup.fill(0);
  for (let u = 0; u < count; u++) {
    const length = lengths[u];
    if (length > TABLE_BITS) {
      lookup[codePrefix(codes[u], length - TABLE_BITS)] = LONG_CODE_PREFIX;
      continue;
    }
    const start = codes[u] << (TABLE_BITS - length);
    lookup.fill((symbols[u] << 9) | (length << 4) | length, start, start + (1 << (TABLE_BITS - length)));
  }
  pairCodes(runSymbol);
  return buildSubtables(code);
}

/** The top TABLE_BITS bits of a code of TABLE_BITS + `extraBits` bits. */
function codePrefix(code: number, extraBits: number): number {
  return extraBits >= CODE_VALUE_BITS ? 0 : code >> extraBits;
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

/** Gives each long-code prefix whose codes are short enough a subtable, while the slots last. */
function buildSubtables(code: CanonicalCode): number {
  const { symbols, lengths, codes, count } = code;
  subtables.fill(0);
  prefixExtraBits.fill(0);
  for (let u = 0; u < count; u++) {
    const extraBits = lengths[u] - TABLE_BITS;
    if (extraBits <= 0) continue;
    const prefix = codePrefix(codes[u], extraBits);
    const known = prefixExtraBits[prefix];
    prefixExtraBits[prefix] = known < 0 || extraBits > SUBTABLE_MAX_BITS ? -1 : Math.max(known, extraBits);
  }
  let used = 0;
  for (let prefix = 0; prefix < TABLE_SIZE; prefix++) {
    const bits = prefixExtraBits[prefix];
    if (bits <= 0 || used + (1 << bits) > SUBTABLE_SLOTS) continue;
    subtables[prefix] = (used << 4) | bits;
    subtableEntries.fill(0, used, used + (1 << bits));
    used += 1 << bits;
  }
  for (let u = 0; u < count; u++) {
    const length = lengths[u];
    const extraBits = length - TABLE_BITS;
    if (extraBits <= 0) continue;
    const subtable = subtables[codePrefix(codes[u], extraBits)];
    if (subtable === 0) continue;
    const spare = (subtable & 15) - extraBits;
    const start = (subtable >>> 4) + ((codes[u] & ((1 << extraBits) - 1)) << spare);
    subtableEntries.fill((symbols[u] << 5) | length, start, start + (1 << spare));
  }
  return used;
}
