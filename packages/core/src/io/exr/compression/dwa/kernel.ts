import type { HuffmanSection } from '../huffman/section.js';
import { decodeHuffmanInKernel as decodeKernelHuffman, KERNEL_STREAM_PADDING } from '../kernel/huffman.js';
import { align16, decodingKernel, kernelScratchStart, reserveKernelMemory } from '../kernel/instance.js';
import type { ExrBlockLayout } from '../types.js';
import { dwaError } from './dwa-error.js';

/**
 * DWA's calls into the shared WebAssembly kernel (compression/kernel/): the chunk's output block, DC values,
 * AC values, RLE byte planes and AC bit stream lie in kernel memory, and the per-block lossy path runs there.
 */

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
  const outputAt = kernelScratchStart();
  const dcAt = outputAt + align16(outputBytes);
  const acAt = dcAt + align16(dcValues * 2);
  const planesAt = acAt + align16(acValues * 2);
  const streamAt = planesAt + align16(planeBytes);
  const streamRoom = streamBytes + KERNEL_STREAM_PADDING;
  if (!reserveKernelMemory(streamAt + streamRoom)) {
    const detail = `${streamAt + streamRoom - outputAt} bytes of buffers`;
    throw dwaError(layout, 0, 'a DWA block that fits in WebAssembly memory', detail);
  }
  const { memory } = decodingKernel();
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
  decodingKernel().interleavePlanes(at, sampleBytes, chunk.outputAt + lineOffset, lineStride, width, lines);
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
  if (section.streamBytes + KERNEL_STREAM_PADDING > chunk.streamRoom) return false;
  return decodeKernelHuffman(bytes, section, chunk.streamAt, chunk.acAt, count);
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
  const exports = decodingKernel();
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
  return decodingKernel().roundFloatBitsToHalf(bits) >>> 0;
}
