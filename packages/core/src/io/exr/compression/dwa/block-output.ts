import type { ExrBlockLayout } from '../types.js';
import { dwaError } from './dwa-error.js';

/**
 * The uncompressed block being filled: per line, each channel's samples in turn. Sample sizes are 2 or 4
 * bytes, so every sample starts on a 16-bit boundary and can be written through `words` (host order,
 * little-endian like the rest of the EXR reader assumes).
 */
export interface DwaBlockOutput {
  readonly bytes: Uint8Array;
  readonly words: Uint16Array;
  /** Bytes per line, all channels together. */
  readonly lineStride: number;
  /** Byte offset of each channel's samples within a line. */
  readonly channelOffsets: readonly number[];
}

export function createBlockOutput(layout: ExrBlockLayout): DwaBlockOutput {
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
  const bytes = new Uint8Array(layout.uncompressedSize);
  return { bytes, words: new Uint16Array(bytes.buffer), lineStride, channelOffsets };
}
