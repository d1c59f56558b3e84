import { describe, expect, it } from 'vitest';
import { HdrFormatError } from '../../src/io/errors.js';
import { assignCanonicalCodes } from '../../src/io/exr/compression/huffman/canonical-codes.js';
import { readCodeLengths } from '../../src/io/exr/compression/huffman/code-lengths.js';
import { decodeHuffman } from '../../src/io/exr/compression/huffman/decode.js';
import { readHuffmanSection } from '../../src/io/exr/compression/huffman/section.js';
import { seededRng, type Rng } from '../support/mutate.js';

/** A value; a value then the run-length code repeating it `repeats` more times; or that code alone. */
type Token = number | readonly [value: number, repeats: number] | { readonly repeats: number };

class BitWriter {
  readonly bits: number[] = [];
  write(value: number, count: number): void {
    for (let bit = count - 1; bit >= 0; bit--) this.bits.push(bit > 30 ? 0 : (value >>> bit) & 1);
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(Math.ceil(this.bits.length / 8));
    this.bits.forEach((bit, i) => (out[i >> 3] |= bit << (7 - (i & 7))));
    return out;
  }
}

/** Lengths packed as OpenEXR stores them: 6 bits each, 59..63 for runs of unused symbols. */
function packLengths(lengths: readonly number[]): Uint8Array {
  const table = new BitWriter();
  for (let i = 0; i < lengths.length; ) {
    let zeros = 0;
    while (i + zeros < lengths.length && lengths[i + zeros] === 0 && zeros < 261) zeros++;
    if (zeros >= 6) table.write(63, 6), table.write(zeros - 6, 8);
    else if (zeros >= 2) table.write(59 + zeros - 2, 6);
    else table.write(lengths[i], 6);
    i += Math.max(zeros, 1);
  }
  return table.bytes();
}

/**
 * OpenEXR's Huffman stream for `tokens`, written from the format's description: canonical codes from
 * `lengths` (index = symbol - minSymbol; the last symbol is the run-length code), longest codes first with
 * the lowest values.
 */
function encodeHuffman(
  minSymbol: number,
  lengths: readonly number[],
  tokens: readonly Token[],
  extraBits = 0,
): Uint8Array {
  const perLength = new Array<number>(59).fill(0);
  for (const length of lengths) if (length > 0) perLength[length]++;
  const next = new Array<number>(59).fill(0);
  for (let length = 58, code = 0; length > 0; length--) {
    next[length] = code;
    code = (code + perLength[length]) >> 1;
  }
  const codes = lengths.map((length) => (length > 0 ? next[length]++ : 0));
  const stream = new BitWriter();
  const runSymbol = minSymbol + lengths.length - 1;
  const put = (symbol: number) => stream.write(codes[symbol - minSymbol], lengths[symbol - minSymbol]);
  for (const token of tokens) {
    if (typeof token === 'number') put(token);
    else if ('repeats' in token) put(runSymbol), stream.write(token.repeats, 8);
    else put(token[0]), put(runSymbol), stream.write(token[1], 8);
  }
  for (let i = 0; i < extraBits; i++) stream.write(i & 1, 1);
  const tableBytes = packLengths(lengths);
  const codeBytes = stream.bytes();
  const out = new Uint8Array(20 + tableBytes.length + codeBytes.length);
  const view = new DataView(out.buffer);
  const header = [minSymbol, runSymbol, tableBytes.length, stream.bits.length, 0];
  header.forEach((word, i) => view.setUint32(4 * i, word, true));
  out.set(tableBytes, 20);
  out.set(codeBytes, 20 + tableBytes.length);
  return out;
}

function expand(tokens: readonly Token[]): Uint16Array {
  const values = tokens.flatMap((token) => {
    if (typeof token === 'number') return [token];
    return 'repeats' in token ? [] : new Array<number>(token[1] + 1).fill(token[0]);
  });
  return Uint16Array.from(values);
}

/** Decodes `count` values from a section at `start` in `bytes`, which stands at `fileOffset` in its file. */
function decode(bytes: Uint8Array, count: number, start = 0, fileOffset = 0): Uint16Array {
  const out = new Uint16Array(count);
  const section = readHuffmanSection(bytes, start, bytes.length - start, 'synthetic', fileOffset);
  decodeHuffman(bytes, section, out, 'synthetic', fileOffset);
  return out;
}

/** Lengths of a complete code for `count` symbols, as even as possible. */
function evenLengths(count: number): number[] {
  const bits = Math.ceil(Math.log2(count));
  const shorter = 2 ** bits - count;
  return Array.from({ length: count }, (_, i) => (i < shorter ? bits - 1 : bits));
}

function randomTokens(rng: Rng, count: number, symbols: number, runEvery: number): Token[] {
  return Array.from({ length: count }, (_, i) => {
    const value = Math.floor(rng() * symbols);
    return i % runEvery === runEvery - 1 ? [value, Math.floor(rng() * 256)] : value;
  });
}

/** The HdrFormatError that `run` throws; fails the test if it throws anything else or nothing. */
function formatError(run: () => unknown): HdrFormatError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HdrFormatError);
    return error as HdrFormatError;
  }
  throw new Error('expected an HdrFormatError');
}

describe('Huffman code tables', () => {
  /** The codes assigned to packed `lengths` of symbols 0..n-1, as binary strings. */
  function canonicalCodes(lengths: readonly number[]): string[] {
    const packed = packLengths(lengths);
    const table = readCodeLengths(packed, 0, packed.length, 0, lengths.length - 1, 'synthetic', 0);
    const code = assignCanonicalCodes(table, 'synthetic', 0);
    return Array.from({ length: code.count }, (_, u) => code.codes[u].toString(2).padStart(code.lengths[u], '0'));
  }

  it('assigns the longest codes the lowest values, in symbol order within a length', () => {
    expect(canonicalCodes([2, 3, 1, 3, 0, 0, 0, 0, 0, 0, 0])).toEqual(['01', '000', '1', '001']);
    expect(canonicalCodes([2, 2, 3, 3, 2])).toEqual(['01', '10', '000', '001', '11']);
  });

  it('reads runs of unused symbols, short and long', () => {
    const lengths = [1, ...new Array<number>(300).fill(0), 2, 0, 0, 0, 2];
    const packed = packLengths(lengths);
    const table = readCodeLengths(packed, 0, packed.length, 7, 7 + lengths.length - 1, 'synthetic', 0);
    expect(Array.from(table.symbols.subarray(0, table.count))).toEqual([7, 308, 312]);
    expect(Array.from(table.lengths.subarray(0, table.count))).toEqual([1, 2, 2]);
    expect(table.end).toBe(packed.length);
  });

  it('rejects tables that end early, runs past the last symbol, and codes that overflow or overlap', () => {
    const packed = packLengths([1, 2, 2]);
    const short = formatError(() => readCodeLengths(packed, 0, 1, 0, 2, 'synthetic', 100));
    expect(short.message).toMatch(/ends after 1 of 3 code lengths/);
    expect(short.offset).toBe(101);
    const run = packLengths([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(formatError(() => readCodeLengths(run, 0, run.length, 0, 3, 's', 0)).message).toMatch(/passes symbol 3/);
    const assign = (lengths: number[]) => {
      const bytes = packLengths(lengths);
      return assignCanonicalCodes(readCodeLengths(bytes, 0, bytes.length, 0, lengths.length - 1, 's', 0), 's', 40);
    };
    const overflow = formatError(() => assign([1, 1, 1]));
    expect(overflow.message).toMatch(/3 codes of length 1 overflow it/);
    expect(overflow.offset).toBe(40);
    expect(formatError(() => assign([1, 1, 2])).message).toMatch(/the 1-bit codes overlap longer codes/);
    // Only long codes: the 30-bit code's prefix 0000...01 is the 20-bit code 00...01's.
    expect(formatError(() => assign([20, 30, 20])).message).toMatch(/the 20-bit codes overlap longer codes/);
    // An incomplete code is a prefix code when its unused codes are the highest ones...
    expect(assign([2, 2, 0]).count).toBe(2);
    // ...but not otherwise: the 1-bit code 0 would start like the 3-bit code 000.
    expect(formatError(() => assign([1, 3, 0])).message).toMatch(/the 1-bit codes overlap longer codes/);
  });
});

describe('Huffman decoding', () => {
  const rng = seededRng(0x4f1f);

  it('decodes codes of every length from 1 to 58 bits', () => {
    // Symbol k has a (k + 1)-bit code; the run-length symbol shares the longest length: a complete code.
    const lengths = [...Array.from({ length: 58 }, (_, k) => k + 1), 58];
    const tokens = randomTokens(rng, 3000, 58, 50).concat(Array.from({ length: 58 }, (_, k) => 57 - k));
    const expected = expand(tokens);
    expect(decode(encodeHuffman(0, lengths, tokens), expected.length)).toEqual(expected);
  });

  // Short codes, decoded two per lookup; a block too small for the pair tables; 16- and 17-bit codes.
  for (const [symbols, count] of [[5, 40_000], [300, 3_000], [65536, 40_000]] as const) {
    it(`decodes ${count} tokens over ${symbols} symbols, with runs`, () => {
      const tokens = randomTokens(rng, count, symbols, 17);
      const expected = expand(tokens);
      const lengths = evenLengths(symbols + 1);
      expect(decode(encodeHuffman(0, lengths, tokens), expected.length)).toEqual(expected);
    });
  }

  it('decodes symbols offset from zero, and ignores bits after the last value as OpenEXR does', () => {
    const tokens: Token[] = [1000, 1003, [1001, 255], 1002, 1000];
    const expected = expand(tokens);
    expect(decode(encodeHuffman(1000, [2, 2, 3, 3, 2], tokens, 13), expected.length)).toEqual(expected);
  });

  it('decodes a hand-built stream with a repeat run, at an offset inside a larger buffer', () => {
    // Symbols 0..2, 2 being the run escape; lengths 1, 2, 2 give the canonical codes 1, 00 and 01.
    const table = [0b00000100, 0b00100000, 0b10000000];
    const stream = [0b11000100, 0b00001110];
    const header = [0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 0];
    const section = Uint8Array.from([9, 9, 9, ...header, ...table, ...stream]);
    expect(Array.from(decode(section, 7, 3))).toEqual([0, 0, 1, 1, 1, 1, 0]);
    const tooMany = formatError(() => decode(section, 8, 3, 1000));
    expect(tooMany.message).toMatch(/bits run out after 7 values/);
    expect(tooMany.offset).toBe(1000 + 3 + 20 + 3 + 1);
    const cut = formatError(() => decode(section.subarray(0, 24), 7, 3, 1000));
    expect(cut.message).toMatch(/ends after 1 of 3 code lengths/);
    expect(cut.offset).toBe(1000 + 24);
    const repeatFirst = Uint8Array.from([...header, ...table, 0b01000000, 0b10000000]);
    expect(formatError(() => decode(repeatFirst, 7)).message).toMatch(/starts with a run/);
  });

  it('rejects runs with nothing to repeat or past the block, overlapping codes, and missing bits', () => {
    const lengths = [1, 2, 2];
    const rejects = (stream: Uint8Array, count: number, reason: RegExp) => {
      expect(formatError(() => decode(stream, count)).message).toMatch(reason);
    };
    rejects(encodeHuffman(0, [1, 1, 2], [0, 1]), 2, /codes overlap/);
    rejects(encodeHuffman(0, [1, 1, 1], [0, 1]), 2, /overflow/);
    rejects(encodeHuffman(0, lengths, [{ repeats: 2 }, 0]), 3, /starts with a run/);
    rejects(encodeHuffman(0, lengths, [[1, 4]]), 3, /4 repeats after 1 of 3 values/);
    rejects(encodeHuffman(0, lengths, [0, 1, 1]), 4, /bits run out after 3 values/);
    for (const [tokens, bitLength] of [[[0, 1, 1, 0], 5], [[0, 1], 2]] as const) {
      const cut = encodeHuffman(0, lengths, tokens);
      new DataView(cut.buffer).setUint32(12, bitLength, true);
      rejects(cut, tokens.length, /bits run out/);
    }
  });

  it('rejects a stream that ends inside a long code', () => {
    const lengths = [...Array.from({ length: 30 }, (_, i) => i + 1), 30];
    const section = encodeHuffman(0, lengths, [29, 29, 28]);
    const view = new DataView(section.buffer);
    view.setUint32(12, view.getUint32(12, true) - 5, true);
    expect(formatError(() => decode(section, 3)).message).toMatch(/ends inside a code/);
  });

  it('rejects headers with bad symbol ranges or bit counts', () => {
    const section = encodeHuffman(0, [1, 2, 2], [0, 1, 0]);
    const edited = (at: number, value: number) => {
      const copy = section.slice();
      new DataView(copy.buffer).setUint32(at, value, true);
      return copy;
    };
    expect(formatError(() => decode(section.subarray(0, 19), 3)).message).toMatch(/20-byte Huffman header/);
    expect(formatError(() => decode(edited(4, 65537), 3)).message).toMatch(/symbol range/);
    expect(formatError(() => decode(edited(0, 2), 3)).message).toMatch(/symbol range/);
    expect(formatError(() => decode(edited(12, 0xffffffff), 3)).message).toMatch(/below 256 MiB/);
    expect(formatError(() => decode(edited(12, 8 * section.length), 3)).message).toMatch(/bytes remain/);
  });
});
