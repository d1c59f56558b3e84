import { inflateExactly } from '../inflate.js';
import type { ExrBlockLayout } from '../types.js';
import type { DwaBlockGeometry } from './block-geometry.js';
import { dwaError } from './dwa-error.js';
import { interleaveChannelPlanes, type KernelChunk } from './kernel.js';

/**
 * OpenEXR run-length coding: a signed count byte, -n for n literal bytes, n >= 0 for one byte repeated
 * n + 1 times. Fills `out` exactly or fails.
 */
function expandRuns(packed: Uint8Array, out: Uint8Array, layout: ExrBlockLayout, sectionAt: number): void {
  const fail = (detail: string): never => {
    throw dwaError(layout, sectionAt, `DWA RLE data expanding to ${out.length} bytes`, detail);
  };
  let inAt = 0;
  let outAt = 0;
  while (inAt < packed.length) {
    const count = (packed[inAt++] << 24) >> 24;
    if (count < 0) {
      if (inAt - count > packed.length) fail('a literal run passes the end of the data');
      if (outAt - count > out.length) fail('it expands to more bytes');
      out.set(packed.subarray(inAt, inAt - count), outAt);
      inAt -= count;
      outAt -= count;
    } else {
      if (inAt >= packed.length) fail('a repeat run lacks its byte');
      if (outAt + count + 1 > out.length) fail('it expands to more bytes');
      out.fill(packed[inAt++], outAt, outAt + count + 1);
      outAt += count + 1;
    }
  }
  if (outAt !== out.length) fail(`it expands to ${outAt} bytes`);
}

/**
 * Channels stored as byte planes (all first bytes of a channel's samples, then all second bytes, ...),
 * channel after channel, run-length coded and then deflated. The planes expand into the chunk's kernel
 * memory, where the kernel interleaves them into the output block.
 */
export function decodeRleChannels(
  compressed: Uint8Array,
  at: number,
  [size, uncompressedSize]: readonly [compressed: number, uncompressed: number],
  channelIndices: readonly number[],
  geometry: DwaBlockGeometry,
  layout: ExrBlockLayout,
  chunk: KernelChunk,
): void {
  const packed = inflateExactly(compressed.subarray(at, at + size), uncompressedSize, layout, 'DWA RLE');
  expandRuns(packed, chunk.planes, layout, at);
  const planeSize = layout.width * layout.lines;
  let planeOffset = 0;
  for (const index of channelIndices) {
    const sampleBytes = layout.channels[index].bytesPerSample;
    const lineOffset = geometry.channelOffsets[index];
    interleaveChannelPlanes(chunk, planeOffset, sampleBytes, lineOffset, geometry.lineStride, layout);
    planeOffset += sampleBytes * planeSize;
  }
}
