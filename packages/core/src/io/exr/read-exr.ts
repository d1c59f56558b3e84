import { HdrFormatError } from '../errors.js';
import { resolveDecodeOptions, type DecodeOptions } from '../limits.js';
import type { DecodedHdr, HdrFileInfo } from '../types.js';
import { blockGrid } from './block-grid.js';
import { selectChannels } from './channel-selection.js';
import { ExrImageAssembler } from './channels-to-image.js';
import { locateChunks, type ExrChunk } from './chunks.js';
import type { ExrCompression } from './compression/index.js';
import { ExrPixelType, type ExrBlockChannel, type ExrBlockLayout } from './compression/types.js';
import { exrFileInfo } from './file-info.js';
import { parseExrHeader } from './header.js';

/** Describes an OpenEXR file from its header alone, as {@link decodeExr} would decode it. */
export function readExrHeader(bytes: Uint8Array, options?: DecodeOptions): HdrFileInfo {
  const resolved = resolveDecodeOptions(options);
  const header = parseExrHeader(bytes, resolved);
  const selection = selectChannels(header.channels, resolved.source, header.end);
  return exrFileInfo(header, selection, blockGrid(header));
}

/**
 * A chunk's pixels in OpenEXR's uncompressed layout. Chunks stored at exactly their uncompressed size
 * are raw whatever the compression: writers fall back to that when compressing would not shrink them.
 */
function restoreChunk(bytes: Uint8Array, chunk: ExrChunk, layout: ExrBlockLayout, compression: ExrCompression): Uint8Array {
  const stored = bytes.subarray(chunk.dataOffset, chunk.dataOffset + chunk.dataSize);
  if (chunk.dataSize === layout.uncompressedSize) return stored;
  if (chunk.dataSize > layout.uncompressedSize) {
    throw new HdrFormatError(
      layout.source,
      `a chunk of at most ${layout.uncompressedSize} bytes`,
      layout.offset,
      `it declares ${chunk.dataSize} bytes`,
    );
  }
  let restored: Uint8Array;
  try {
    restored = compression.decompress(stored, layout);
  } catch (error) {
    if (error instanceof HdrFormatError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new HdrFormatError(layout.source, `valid ${compression.name} data`, layout.offset, reason);
  }
  if (restored.length !== layout.uncompressedSize) {
    throw new HdrFormatError(
      layout.source,
      `${compression.name} data decoding to ${layout.uncompressedSize} bytes`,
      layout.offset,
      `got ${restored.length}`,
    );
  }
  return restored;
}

/**
 * Decodes a single-part scanline or tiled OpenEXR image (full-resolution level) into float32 RGB(A) or Y.
 * Every header field, offset and size is validated before it is used; any problem is an HdrFormatError.
 */
export function decodeExr(bytes: Uint8Array, options?: DecodeOptions): DecodedHdr {
  const resolved = resolveDecodeOptions(options);
  const { source } = resolved;
  const header = parseExrHeader(bytes, resolved);
  const selection = selectChannels(header.channels, source, header.end);
  const grid = blockGrid(header);
  const { chunks, reconstructed } = locateChunks(bytes, header, grid, source);
  const stored: ExrBlockChannel[] = header.channels.map((channel) => ({
    name: channel.name,
    pixelType: channel.pixelType,
    bytesPerSample: channel.pixelType === ExrPixelType.Half ? 2 : 4,
    pLinear: channel.perceptuallyLinear,
  }));
  const bytesPerPixel = stored.reduce((sum, channel) => sum + channel.bytesPerSample, 0);
  const assembler = new ExrImageAssembler(
    header.width,
    header.height,
    selection.channels,
    stored,
    selection.targets,
    Math.min(grid.blockWidth, header.width),
  );
  for (const chunk of chunks) {
    const layout: ExrBlockLayout = {
      channels: stored,
      width: chunk.width,
      lines: chunk.lines,
      y: header.dataWindow.yMin + chunk.y,
      uncompressedSize: chunk.width * chunk.lines * bytesPerPixel,
      source,
      offset: chunk.dataOffset,
    };
    const pixels = restoreChunk(bytes, chunk, layout, header.compression);
    assembler.place(pixels, chunk.x, chunk.y, chunk.width, chunk.lines);
  }
  const extra: Record<string, boolean> = reconstructed ? { offsetTableReconstructed: true } : {};
  return { image: assembler.image, info: exrFileInfo(header, selection, grid, extra) };
}
