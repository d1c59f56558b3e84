import type { ExrBlockLayout } from '../types.js';
import { dwaError } from './dwa-error.js';

/**
 * Where each channel's samples go in the uncompressed block: per line, each channel's samples in turn.
 * Sample sizes are 2 or 4 bytes, so every sample starts on a 16-bit boundary.
 */
export interface DwaBlockGeometry {
  /** Bytes per line, all channels together. */
  readonly lineStride: number;
  /** Byte offset of each channel's samples within a line. */
  readonly channelOffsets: readonly number[];
}

/** Checks that the block's geometry accounts for exactly its uncompressed size. */
export function blockGeometry(layout: ExrBlockLayout): DwaBlockGeometry {
  const { width, lines, channels } = layout;
  const channelOffsets: number[] = [];
  let lineStride = 0;
  for (const channel of channels) {
    channelOffsets.push(lineStride);
    lineStride += width * channel.bytesPerSample;
  }
  const validGeometry = Number.isInteger(width) && Number.isInteger(lines) && width >= 1 && lines >= 1;
  if (!validGeometry || lineStride * lines !== layout.uncompressedSize) {
    throw dwaError(
      layout,
      0,
      'a DWA block whose size matches its geometry',
      `${width}x${lines} pixels of ${channels.length} channels against ${layout.uncompressedSize} bytes`,
    );
  }
  return { lineStride, channelOffsets };
}
