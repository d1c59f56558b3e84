import { halfBitsTable } from '../../half.js';
import type { HuffmanSection } from '../huffman/section.js';
import type { ExrBlockLayout } from '../types.js';
import { dwaError } from './dwa-error.js';
import { kernelHuffmanTables, packKernelHuffmanTables } from './kernel-huffman-tables.js';
import { DWA_KERNEL_BASE64 } from './kernel-wasm.js';
import { toLinearTable } from './to-linear.js';

/**
 * The WebAssembly side of lossy DWA decoding (source in packages/core/assembly/): one instance for the
 * process, whose memory holds the half -> float and half -> linear output tables and the Huffman lookup
 * tables, then the current chunk's output block, DC values, AC values, RLE byte planes and AC bit
 * stream. Views into it are handed out per chunk because growing the memory detaches the previous ones.
 */
interface KernelMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface KernelExports {
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
}

/** The part of the WebAssembly API used here; the package's type libraries do not declare it. */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: unknown };
}

const PAGE_BYTES = 65536;
const HALF_VALUES = 65536;

/** What the kernel's Huffman decoder returns when the section is all decoded. */
const HUFFMAN_DECODED = 0;
/** Zero bytes after a copied bit stream: the decoder reads 4 bytes at a time. */
const STREAM_PADDING = 8;

let kernel: KernelExports | undefined;
let chunkStart = 0;
let huffmanTablesAt = { lookup: 0, pairedSymbols: 0, subtables: 0, subtableEntries: 0 };

function instantiate(): KernelExports {
  const bytes = Uint8Array.from(atob(DWA_KERNEL_BASE64), (char) => char.charCodeAt(0));
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
  chunkStart = align16(subtableEntriesAt + kernelHuffmanTables.subtableEntries.byteLength);
  ensureMemory(exports.memory, chunkStart);
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

function ensureMemory(memory: KernelMemory, bytes: number): void {
  const missing = bytes - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / PAGE_BYTES));
}

function dwaKernel(): KernelExports {
  kernel ??= instantiate();
  return kernel;
}

/** Rounds 16-bit aligned sizes up to 16 bytes, so that every buffer starts on a vector boundary. */
function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/** The chunk's buffers in kernel memory: valid until the next call to {@link reserveChunk}. */
export interface KernelChunk {
  readonly output: Uint8Array;
  readonly dc: Uint16Array;
  readonly ac: Uint16Array;
  /** The byte planes of run-length coded channels. */
  readonly planes: Uint8Array;
  readonly outputAt: number;
  readonly dcAt: number;
  readonly acAt: number;
  readonly planesAt: number;
  /** Room for a copy of the Huffman-coded AC section's bit stream. */
  readonly streamAt: number;
  readonly streamRoom: number;
}

/** Sizes of a chunk's buffers, which the caller has bounded by the block's geometry and the chunk's size. */
export interface KernelChunkSizes {
  readonly outputBytes: number;
  readonly dcValues: number;
  readonly acValues: number;
  readonly planeBytes: number;
  /** Bytes of Huffman-coded AC section, 0 when the AC values are not Huffman coded. */
  readonly streamBytes: number;
}

/**
 * Lays out one chunk. The output is not cleared: every channel belongs to one scheme, and each scheme
 * writes every sample of its channels or throws.
 */
export function reserveChunk(sizes: KernelChunkSizes, layout: ExrBlockLayout): KernelChunk {
  const { outputBytes, dcValues, acValues, planeBytes, streamBytes } = sizes;
  const { memory } = dwaKernel();
  const outputAt = chunkStart;
  const dcAt = outputAt + align16(outputBytes);
  const acAt = dcAt + align16(dcValues * 2);
  const planesAt = acAt + align16(acValues * 2);
  const streamAt = planesAt + align16(planeBytes);
  const streamRoom = streamBytes + STREAM_PADDING;
  try {
    ensureMemory(memory, streamAt + streamRoom);
  } catch {
    const detail = `${streamAt + streamRoom - chunkStart} bytes of buffers`;
    throw dwaError(layout, 0, 'a DWA block that fits in WebAssembly memory', detail);
  }
  return {
    output: new Uint8Array(memory.buffer, outputAt, outputBytes),
    dc: new Uint16Array(memory.buffer, dcAt, dcValues),
    ac: new Uint16Array(memory.buffer, acAt, acValues),
    planes: new Uint8Array(memory.buffer, planesAt, planeBytes),
    outputAt,
    dcAt,
    acAt,
    planesAt,
    streamAt,
    streamRoom,
  };
}

/**
 * Interleaves one run-length coded channel's byte planes, found at `planeOffset` in the chunk's planes,
 * into its samples at byte `lineOffset` of each output line.
 */
export function interleaveChannelPlanes(
  chunk: KernelChunk,
  planeOffset: number,
  sampleBytes: number,
  lineOffset: number,
  lineStride: number,
  layout: ExrBlockLayout,
): void {
  const { width, lines } = layout;
  const at = chunk.planesAt + planeOffset;
  dwaKernel().interleavePlanes(at, sampleBytes, chunk.outputAt + lineOffset, lineStride, width, lines);
}

/**
 * Decodes the `count` AC values of the Huffman section that `readHuffmanSection` has just read from `bytes`
 * into the chunk's AC slots. Returns false where the kernel hands over (codes past its subtables, or damage),
 * leaving the section to the TypeScript decoder.
 */
export function decodeHuffmanInKernel(
  chunk: KernelChunk,
  bytes: Uint8Array,
  section: HuffmanSection,
  count: number,
): boolean {
  const exports = dwaKernel();
  const { buffer } = exports.memory;
  const { streamStart, streamBytes } = section;
  if (streamBytes + STREAM_PADDING > chunk.streamRoom) return false;
  const subtableSlots = packKernelHuffmanTables(section.code, section.runSymbol);
  const stream = new Uint8Array(buffer, chunk.streamAt, streamBytes + STREAM_PADDING);
  stream.set(bytes.subarray(streamStart, streamStart + streamBytes));
  stream.fill(0, streamBytes);
  const { lookup, pairedSymbols, subtables, subtableEntries } = kernelHuffmanTables;
  new Int32Array(buffer, huffmanTablesAt.lookup, lookup.length).set(lookup);
  new Uint16Array(buffer, huffmanTablesAt.pairedSymbols, pairedSymbols.length).set(pairedSymbols);
  new Int32Array(buffer, huffmanTablesAt.subtables, subtables.length).set(subtables);
  const usedEntries = subtableEntries.subarray(0, subtableSlots);
  new Int32Array(buffer, huffmanTablesAt.subtableEntries, subtableSlots).set(usedEntries);
  const { bitLength, runSymbol } = section;
  const status = exports.decodeHuffman(chunk.streamAt, streamBytes, bitLength, chunk.acAt, count, runSymbol);
  return status === HUFFMAN_DECODED;
}

/** One lossy group's channels as the kernel needs them: byte offset within a line, and FLOAT or HALF. */
export interface KernelChannel {
  readonly lineOffset: number;
  readonly isFloat: boolean;
}

/**
 * Decodes a lossy group (one channel, or R, G, B stored as Y'CbCr) of the reserved chunk. `dcFirst` is the
 * group's first DC value, `acFirst` the first AC value it reads; returns the AC index after the group, or
 * -1 when a block would start past `acCount` (the AC slots hold `acCount` values then end-of-block
 * padding, so reading stays inside them).
 */
export function decodeLossyGroup(
  chunk: KernelChunk,
  channels: readonly KernelChannel[],
  dcFirst: number,
  acFirst: number,
  acCount: number,
  lineStride: number,
  layout: ExrBlockLayout,
  linear: boolean,
): number {
  const exports = dwaKernel();
  channels.forEach((channel, component) => {
    exports.setChannel(component, channel.lineOffset, channel.isFloat ? 1 : 0);
  });
  return exports.decodeGroup(
    channels.length,
    chunk.acAt,
    acFirst,
    acCount,
    chunk.dcAt + dcFirst * 2,
    chunk.outputAt,
    lineStride,
    layout.width,
    layout.lines,
    linear ? 1 : 0,
  );
}

/** The kernel's float -> half rounding of one value, given and returned as bit patterns. */
export function kernelRoundFloatBitsToHalf(bits: number): number {
  return dwaKernel().roundFloatBitsToHalf(bits) >>> 0;
}
