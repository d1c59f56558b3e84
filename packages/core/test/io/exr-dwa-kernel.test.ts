import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HdrFormatError } from '../../src/io/errors.js';
import { decodeHuffmanInKernel, reserveChunk, type KernelChunkSizes } from '../../src/io/exr/compression/dwa/kernel.js';
import { KERNEL_BASE64 } from '../../src/io/exr/compression/kernel/kernel-wasm.js';
import { decodeHuffman } from '../../src/io/exr/compression/huffman/decode.js';
import { readHuffmanSection } from '../../src/io/exr/compression/huffman/section.js';
import type { ExrBlockLayout } from '../../src/io/exr/compression/types.js';
import { seededRng } from '../support/mutate.js';

const BUILD_SCRIPT = fileURLToPath(new URL('../../../../tools/wasm/build-wasm.mjs', import.meta.url));

describe('the embedded decoding kernel', () => {
  it('is exactly what the installed compiler builds from packages/core/assembly', () => {
    const result = spawnSync(process.execPath, [BUILD_SCRIPT, '--check', 'core'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('is a WebAssembly module with SIMD that the runtime accepts', () => {
    const bytes = Uint8Array.from(atob(KERNEL_BASE64), (char) => char.charCodeAt(0));
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0x61, 0x73, 0x6d]);
    const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(bytes)).toBe(true);
  });
});

/**
 * A section in OpenEXR's static Huffman format: code lengths given per symbol (0 = no code), canonical
 * codes assigned as OpenEXR does (longest codes lowest, rising with the symbol within a length), lengths
 * packed 6 bits each, then `symbols` coded MSB first. The maximum symbol is the run escape; a `[value,
 * repeats]` pair codes it followed by its 8-bit repeat count.
 */
function huffmanSection(lengths: readonly number[], symbols: readonly (number | [number, number])[]): Uint8Array {
  const counts = new Array<number>(59).fill(0);
  for (const length of lengths) if (length > 0) counts[length]++;
  const next = new Array<number>(59).fill(0);
  for (let length = 58, code = 0; length > 0; length--) {
    next[length] = code;
    code = Math.floor((code + counts[length]) / 2);
  }
  const codes = lengths.map((length) => (length > 0 ? next[length]++ : 0));
  const bits: number[] = [];
  const put = (value: number, count: number) => {
    for (let bit = count - 1; bit >= 0; bit--) bits.push(Math.floor(value / 2 ** bit) % 2);
  };
  for (const length of lengths) put(length, 6);
  const tableBytes = Math.ceil(bits.length / 8);
  while (bits.length % 8 !== 0) bits.push(0);
  const runSymbol = lengths.length - 1;
  for (const symbol of symbols) {
    if (typeof symbol === 'number') {
      put(codes[symbol], lengths[symbol]);
      continue;
    }
    put(codes[symbol[0]], lengths[symbol[0]]);
    put(codes[runSymbol], lengths[runSymbol]);
    put(symbol[1], 8);
  }
  const streamBits = bits.length - tableBytes * 8;
  while (bits.length % 8 !== 0) bits.push(0);
  const header = new Uint8Array(20);
  const view = new DataView(header.buffer);
  view.setUint32(4, runSymbol, true);
  view.setUint32(8, tableBytes, true);
  view.setUint32(12, streamBits, true);
  const byteOf = (i: number) => parseInt(bits.slice(i * 8, i * 8 + 8).join(''), 2);
  const body = Uint8Array.from({ length: bits.length / 8 }, (_, i) => byteOf(i));
  return Uint8Array.from([...header, ...body]);
}

function huffmanOnly(acValues: number, streamBytes: number): KernelChunkSizes {
  return { outputBytes: 0, dcValues: 0, acValues, planeBytes: 0, streamBytes };
}

describe('DWA Huffman decoding in the kernel', () => {
  const layout = { source: 'huffman', offset: 0 } as ExrBlockLayout;

  function decodeInTypeScript(section: Uint8Array, count: number): Uint16Array {
    const out = new Uint16Array(count);
    decodeHuffman(section, readHuffmanSection(section, 0, section.length, 'huffman', 0), out, 'huffman', 0);
    return out;
  }

  /** The kernel's values, or undefined where it hands the section back. */
  function decodeInKernel(section: Uint8Array, count: number): number[] | undefined {
    const chunk = reserveChunk(huffmanOnly(count, section.length), layout);
    const huffman = readHuffmanSection(section, 0, section.length, 'huffman', 0);
    return decodeHuffmanInKernel(chunk, section, huffman, count) ? Array.from(chunk.ac) : undefined;
  }

  function decodeBothWays(section: Uint8Array, count: number): { reference: number[]; kernel?: number[] } {
    return { reference: Array.from(decodeInTypeScript(section, count)), kernel: decodeInKernel(section, count) };
  }

  it('decodes codes of every length from 1 to 40 bits, through the table, subtables and bit by bit', () => {
    // Lengths 1, 2, ..., 39, 40, 40 form a complete code: each length halves what is left.
    const lengths = [...Array.from({ length: 40 }, (_, i) => i + 1), 40];
    const rng = seededRng(11);
    const values = Array.from({ length: 3000 }, () => Math.floor(rng() * 40));
    const symbols: (number | [number, number])[] = [...values, [7, 200], 39, 0];
    const expected = [...values, ...new Array<number>(201).fill(7), 39, 0];
    const { reference, kernel } = decodeBothWays(huffmanSection(lengths, symbols), expected.length);
    expect(reference).toEqual(expected);
    // Codes past 24 bits share table prefixes with shorter ones: the kernel leaves them to the TypeScript decoder.
    expect(kernel).toBeUndefined();
  });

  it('decodes codes of 13 to 24 bits spread over many table prefixes', () => {
    // A complete code: 1/2 + 3 x 1/8 + (8191 + 15/16 + 16/256) / 65536.
    const levels: [length: number, count: number][] = [
      [1, 1],
      [13, 1024],
      [14, 2048],
      [15, 4096],
      [16, 8191],
      [20, 15],
      [24, 16],
    ];
    const lengths = levels.flatMap(([length, count]) => new Array<number>(count).fill(length));
    const rng = seededRng(12);
    const longest = Array.from({ length: 30 }, (_, i) => lengths.length - 31 + i);
    const values = [...longest, ...Array.from({ length: 5000 }, () => Math.floor(rng() * (lengths.length - 1)))];
    const { reference, kernel } = decodeBothWays(huffmanSection(lengths, values), values.length);
    expect(reference).toEqual(values);
    expect(kernel).toEqual(values);
  });

  it('hands damaged streams over from the kernel to the TypeScript decoder', () => {
    const lengths = [1, 2, 3, 3];
    const section = huffmanSection(lengths, [0, 1, 2, [1, 9], 0]);
    const count = 14;
    expect(decodeBothWays(section, count)).toEqual({
      reference: [0, 1, 2, ...new Array<number>(10).fill(1), 0],
      kernel: [0, 1, 2, ...new Array<number>(10).fill(1), 0],
    });
    const view = new DataView(section.buffer);
    view.setUint32(12, view.getUint32(12, true) - 1, true);
    expect(decodeInKernel(section, count)).toBeUndefined();
    expect(() => decodeInTypeScript(section, count)).toThrow(HdrFormatError);
    const overlong = huffmanSection(lengths, [0, [1, 200]]);
    expect(decodeInKernel(overlong, count)).toBeUndefined();
    expect(() => decodeInTypeScript(overlong, count)).toThrow(HdrFormatError);
  });
});
