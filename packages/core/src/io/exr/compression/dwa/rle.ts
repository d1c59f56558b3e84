import { inflateExactly } from '../inflate.js';
import type { ExrBlockLayout } from '../types.js';
import type { DwaBlockOutput } from './block-output.js';
import { dwaError } from './dwa-error.js';

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
      for (let end = inAt - count; inAt < end; ) out[outAt++] = packed[inAt++];
    } else {
      if (inAt >= packed.length) fail('a repeat run lacks its byte');
      if (outAt + count + 1 > out.length) fail('it expands to more bytes');
      const value = packed[inAt++];
      for (let end = outAt + count + 1; outAt < end; ) out[outAt++] = value;
    }
  }
  if (outAt !== out.length) fail(`it expands to ${outAt} bytes`);
}

/**
 * Channels stored as byte planes (all first bytes of a channel's samples, then all second bytes, ...),
 * channel after channel, run-length coded and then deflated.
 */
export function decodeRleChannels(
  chunk: Uint8Array,
  at: number,
  size: number,
  uncompressedSize: number,
  channelIndices: readonly number[],
  output: DwaBlockOutput,
  layout: ExrBlockLayout,
): void {
  const { width, lines } = layout;
  const planeSize = width * lines;
  let rawSize = 0;
  for (const index of channelIndices) rawSize += planeSize * layout.channels[index].bytesPerSample;
  const packed = inflateExactly(chunk.subarray(at, at + size), uncompressedSize, layout, 'DWA RLE');
  const planes = new Uint8Array(rawSize);
  expandRuns(packed, planes, layout, at);
  const { words, lineStride, channelOffsets } = output;
  let planeStart = 0;
  for (const index of channelIndices) {
    const sampleWords = layout.channels[index].bytesPerSample / 2;
    // Each output word takes its low byte from one plane and its high byte from the next.
    for (let word = 0; word < sampleWords; word++, planeStart += 2 * planeSize) {
      const highPlane = planeStart + planeSize;
      for (let line = 0; line < lines; line++) {
        const from = line * width;
        let to = (line * lineStride + channelOffsets[index]) / 2 + word;
        for (let x = 0; x < width; x++, to += sampleWords) {
          words[to] = planes[planeStart + from + x] | (planes[highPlane + from + x] << 8);
        }
      }
    }
  }
}
