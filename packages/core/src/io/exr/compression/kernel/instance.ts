import { halfBitsTable } from '../../half.js';
import { toLinearTable } from '../dwa/to-linear.js';
import { kernelHuffmanTables } from './huffman-tables.js';
import { KERNEL_BASE64 } from './kernel-wasm.js';

/**
 * The WebAssembly decoding kernel (source in packages/core/assembly/), shared by DWA and PIZ: one instance
 * for the process, whose memory holds the half -> float and half -> linear output tables and the Huffman
 * lookup tables, then the current chunk's buffers from {@link kernelScratchStart} on (one chunk at a time:
 * decoding is synchronous). Codecs hand out views into it per chunk because growing the memory detaches the
 * previous ones.
 */
interface KernelMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface KernelExports {
  readonly memory: KernelMemory;
  freeMemoryStart(): number;
  setTables(floatBitsAt: number, linearHalvesAt: number, linearFloatBitsAt: number, identityAt: number): void;
  setChannel(component: number, lineOffset: number, isFloat: number): void;
  decodeGroup(
    components: number,
    ac: number,
    acAt: number,
    acCount: number,
    dc: number,
    output: number,
    lineStride: number,
    width: number,
    lines: number,
    linear: number,
  ): number;
  roundFloatBitsToHalf(bits: number): number;
  setHuffmanTables(lookupAt: number, pairedAt: number, subtablesAt: number, entriesAt: number): void;
  decodeHuffman(stream: number, streamBytes: number, bitCount: number, out: number, count: number, run: number): number;
  interleavePlanes(planes: number, bytes: number, output: number, stride: number, width: number, lines: number): void;
  inverseHaarWavelet(
    first: number,
    nx: number,
    xStride: number,
    ny: number,
    yStride: number,
    maxValue: number,
    values: number,
  ): void;
}

/** The part of the WebAssembly API used here; the package's type libraries do not declare it. */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: unknown };
}

const PAGE_BYTES = 65536;
const HALF_VALUES = 65536;

/** Where the kernel's Huffman tables lie in its memory. */
export interface KernelHuffmanTablesAt {
  readonly lookup: number;
  readonly pairedSymbols: number;
  readonly subtables: number;
  readonly subtableEntries: number;
}

let kernel: KernelExports | undefined;
let scratchStart = 0;
let huffmanTablesAt: KernelHuffmanTablesAt = { lookup: 0, pairedSymbols: 0, subtables: 0, subtableEntries: 0 };

function instantiate(): KernelExports {
  const bytes = Uint8Array.from(atob(KERNEL_BASE64), (char) => char.charCodeAt(0));
  const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
  const instance = new wasm.Instance(new wasm.Module(bytes));
  const exports = instance.exports as unknown as KernelExports;
  const floatBitsAt = exports.freeMemoryStart();
  const linearFloatBitsAt = floatBitsAt + HALF_VALUES * 4;
  const linearHalvesAt = linearFloatBitsAt + HALF_VALUES * 4;
  const identityAt = linearHalvesAt + HALF_VALUES * 2;
  const lookupAt = identityAt + HALF_VALUES * 2;
  const pairedSymbolsAt = lookupAt + kernelHuffmanTables.lookup.byteLength;
  const subtablesAt = pairedSymbolsAt + kernelHuffmanTables.pairedSymbols.byteLength;
  const subtableEntriesAt = subtablesAt + kernelHuffmanTables.subtables.byteLength;
  huffmanTablesAt = {
    lookup: lookupAt,
    pairedSymbols: pairedSymbolsAt,
    subtables: subtablesAt,
    subtableEntries: subtableEntriesAt,
  };
  scratchStart = align16(subtableEntriesAt + kernelHuffmanTables.subtableEntries.byteLength);
  growMemory(exports.memory, scratchStart);
  const { buffer } = exports.memory;
  const toLinear = toLinearTable();
  new Uint32Array(buffer, floatBitsAt, HALF_VALUES).set(halfBitsTable);
  new Uint32Array(buffer, linearFloatBitsAt, HALF_VALUES).set(Array.from(toLinear, (half) => halfBitsTable[half]));
  new Uint16Array(buffer, linearHalvesAt, HALF_VALUES).set(toLinear);
  new Uint16Array(buffer, identityAt, HALF_VALUES).set(Array.from({ length: HALF_VALUES }, (_, half) => half));
  exports.setTables(floatBitsAt, linearHalvesAt, linearFloatBitsAt, identityAt);
  exports.setHuffmanTables(lookupAt, pairedSymbolsAt, subtablesAt, subtableEntriesAt);
  return exports;
}

function growMemory(memory: KernelMemory, bytes: number): void {
  const missing = bytes - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / PAGE_BYTES));
}

export function decodingKernel(): KernelExports {
  kernel ??= instantiate();
  return kernel;
}

/** First byte of kernel memory a codec may use for its chunk's buffers. */
export function kernelScratchStart(): number {
  decodingKernel();
  return scratchStart;
}

export function kernelHuffmanTablesAt(): KernelHuffmanTablesAt {
  decodingKernel();
  return huffmanTablesAt;
}

/**
 * Grows kernel memory to at least `bytes`; returns false when the runtime refuses, so that the caller can
 * report the block as too large in its own terms.
 */
export function reserveKernelMemory(bytes: number): boolean {
  try {
    growMemory(decodingKernel().memory, bytes);
    return true;
  } catch {
    return false;
  }
}

/** Rounds sizes up to 16 bytes, so that every buffer starts on a vector boundary. */
export function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
