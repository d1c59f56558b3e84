import { inflateExactly } from '../inflate.js';
import type { ExrBlockLayout } from '../types.js';
import type { DwaBlockGeometry } from './block-geometry.js';

/** Channels no rule claims are deflated as they are: each channel's lines in turn, channel after channel. */
export function decodeUnknownChannels(
  chunk: Uint8Array,
  at: number,
  size: number,
  channelIndices: readonly number[],
  geometry: DwaBlockGeometry,
  output: Uint8Array,
  layout: ExrBlockLayout,
): void {
  const { width, lines } = layout;
  let total = 0;
  for (const index of channelIndices) total += width * lines * layout.channels[index].bytesPerSample;
  const planar = inflateExactly(chunk.subarray(at, at + size), total, layout, 'DWA unknown-channel');
  const { lineStride, channelOffsets } = geometry;
  let from = 0;
  for (const index of channelIndices) {
    const lineBytes = width * layout.channels[index].bytesPerSample;
    for (let line = 0; line < lines; line++, from += lineBytes) {
      output.set(planar.subarray(from, from + lineBytes), line * lineStride + channelOffsets[index]);
    }
  }
}
