/**
 * The fast path of OpenEXR's static Huffman decoding (DWA's AC values, PIZ's wavelet planes), over
 * tables the host built and checked: a 12-bit lookup (symbol << 9 | pair flag << 8 | first length << 4
 * | bits used, -1 for the prefix of a longer code, 0 for no code), the second symbol of paired entries,
 * and per long prefix a subtable (offset << 4 | bits) of entries symbol << 5 | total length. The run
 * escape is followed by an 8-bit count of repeats of the previous value, as in both codecs.
 *
 * Anything else (a prefix without a subtable, a bit pattern that is no code, a run that does not fit,
 * reading past the declared bit count) returns HAND_OVER: the TypeScript decoder (compression/huffman/decode.ts) then decodes the
 * section again, and reports damage with its offset.
 */
const TABLE_BITS = 12;
const TABLE_MASK: u64 = (1 << TABLE_BITS) - 1;
const PAIR_FLAG = 0x100;
export const DECODED = 0;
export const HAND_OVER = 1;

let lookup: usize = 0;
let pairedSymbols: usize = 0;
let subtables: usize = 0;
let subtableEntries: usize = 0;

export function setHuffmanTables(lookupAt: usize, pairedAt: usize, subtablesAt: usize, entriesAt: usize): void {
  lookup = lookupAt;
  pairedSymbols = pairedAt;
  subtables = subtablesAt;
  subtableEntries = entriesAt;
}

/**
 * Decodes `count` values into `out` from the `streamBytes` bytes at `stream`, which the host follows
 * with at least 4 zero bytes. Past its end the stream reads as zeros; `bitCount` bounds what may be used.
 */
export function decodeHuffman(
  stream: usize,
  streamBytes: i32,
  bitCount: u32,
  out: usize,
  count: i32,
  runSymbol: u32,
): i32 {
  let buffer: u64 = 0;
  let bits: i32 = 0;
  let at: i32 = 0;
  let produced: i32 = 0;
  while (produced < count) {
    // At least 32 bits on hand: the longest step is a 24-bit subtable code and a run's 8-bit count.
    if (bits < 32) {
      const word: u64 = at < streamBytes ? <u64>bswap<u32>(load<u32>(stream + <usize>at)) : 0;
      buffer = (buffer << 32) | word;
      at += 4;
      bits += 32;
    }
    const peek = <usize>((buffer >> <u64>(bits - TABLE_BITS)) & TABLE_MASK);
    const entry = load<i32>(lookup + (peek << 2));
    let symbol: u32;
    if (entry > 0) {
      if ((entry & PAIR_FLAG) !== 0 && produced + 1 < count) {
        bits -= entry & 15;
        const to = out + (<usize>produced << 1);
        store<u16>(to, <u16>(entry >>> 9));
        store<u16>(to, load<u16>(pairedSymbols + (peek << 1)), 2);
        produced += 2;
        continue;
      }
      bits -= (entry >>> 4) & 15;
      symbol = <u32>entry >>> 9;
    } else {
      const subtable = entry === 0 ? 0 : load<i32>(subtables + (peek << 2));
      if (subtable === 0) return HAND_OVER;
      const subBits = subtable & 15;
      const subIndex = (buffer >> <u64>(bits - TABLE_BITS - subBits)) & ((<u64>1 << <u64>subBits) - 1);
      const index = <usize>(subtable >>> 4) + <usize>subIndex;
      const longEntry = load<i32>(subtableEntries + (index << 2));
      if (longEntry === 0) return HAND_OVER;
      bits -= longEntry & 31;
      symbol = <u32>longEntry >>> 5;
    }
    if (symbol !== runSymbol) {
      store<u16>(out + (<usize>produced << 1), <u16>symbol);
      produced++;
      continue;
    }
    bits -= 8;
    const repeats = <i32>((buffer >> <u64>bits) & 0xff);
    if (produced === 0 || produced + repeats > count) return HAND_OVER;
    const value = load<u16>(out + (<usize>(produced - 1) << 1));
    const to = out + (<usize>produced << 1);
    for (let i = 0; i < repeats; i++) store<u16>(to + (<usize>i << 1), value);
    produced += repeats;
    if (<u64>at * 8 - <u64>bits > <u64>bitCount) return HAND_OVER;
  }
  return <u64>at * 8 - <u64>bits > <u64>bitCount ? HAND_OVER : DECODED;
}
