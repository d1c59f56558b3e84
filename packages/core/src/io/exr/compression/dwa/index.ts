import { ExrPixelType, type ExrBlockLayout } from '../types.js';
import { AC_PADDING, decodeAcValues } from './ac.js';
import { blockGeometry } from './block-geometry.js';
import { classifyChannels, DwaScheme } from './channel-rules.js';
import { decodeDcValues } from './dc.js';
import { dwaError } from './dwa-error.js';
import { DwaAcCompression, readDwaHeader } from './header.js';
import { reserveChunk } from './kernel.js';
import { decodeLossyGroups } from './lossy-dct.js';
import { decodeRleChannels } from './rle.js';
import { decodeUnknownChannels } from './unknown.js';

/** At most 63 AC values per block: one per coefficient, runs and end-of-block markers only shorten it. */
const MAX_AC_PER_BLOCK = 63;

/**
 * DWAA (32 lines per chunk) and DWAB (256 lines): the chunk header classifies channels into lossy DCT
 * (R, G, B as Y'CbCr sets, and Y-like channels alone), run-length coded (alpha) and plain deflated
 * (everything else), and every count and size it announces is checked against the block before anything
 * is allocated or decoded.
 */
export function decompressDwa(compressed: Uint8Array, layout: ExrBlockLayout): Uint8Array {
  const geometry = blockGeometry(layout);
  const header = readDwaHeader(compressed, layout);
  const { schemes, cscSets } = classifyChannels(layout.channels, header.rules);
  const inColourSet = new Set(cscSets.flat());
  const lossyGroups: (readonly number[])[] = [...cscSets];
  const rleChannels: number[] = [];
  const unknownChannels: number[] = [];
  const pixels = layout.width * layout.lines;
  let rleRawSize = 0;
  let unknownSize = 0;
  schemes.forEach((scheme, index) => {
    const channel = layout.channels[index];
    if (scheme === DwaScheme.LossyDct && channel.pixelType === ExrPixelType.Uint) {
      const detail = `channel ${channel.name} is UINT`;
      throw dwaError(layout, header.dataOffset, 'DWA lossy coding only for HALF or FLOAT channels', detail);
    }
    if (inColourSet.has(index)) {
      if (scheme !== DwaScheme.LossyDct) {
        const detail = `channel ${channel.name} is not lossy`;
        throw dwaError(layout, header.dataOffset, 'DWA colour sets of lossy channels', detail);
      }
    } else if (scheme === DwaScheme.LossyDct) {
      lossyGroups.push([index]);
    } else if (scheme === DwaScheme.Rle) {
      rleChannels.push(index);
      rleRawSize += pixels * channel.bytesPerSample;
    } else {
      unknownChannels.push(index);
      unknownSize += pixels * channel.bytesPerSample;
    }
  });
  const blocks = ((layout.width + 7) >> 3) * ((layout.lines + 7) >> 3);
  const dcCount = lossyGroups.reduce((sum, group) => sum + group.length * blocks, 0);
  if (header.dcCount !== dcCount || header.acCount > dcCount * MAX_AC_PER_BLOCK) {
    throw dwaError(
      layout,
      8 * 8,
      `${dcCount} DWA DC values and at most ${dcCount * MAX_AC_PER_BLOCK} AC values`,
      `the header announces ${header.dcCount} and ${header.acCount}`,
    );
  }
  if (header.unknownUncompressedSize !== unknownSize || header.rleRawSize !== rleRawSize) {
    throw dwaError(
      layout,
      8,
      `${unknownSize} bytes of unknown-scheme and ${rleRawSize} bytes of RLE channels`,
      `the header announces ${header.unknownUncompressedSize} and ${header.rleRawSize}`,
    );
  }
  if (rleRawSize > 0 && header.rleUncompressedSize > 2 * rleRawSize) {
    const detail = `got ${header.rleUncompressedSize}`;
    throw dwaError(layout, 6 * 8, `at most ${2 * rleRawSize} bytes of run-length codes`, detail);
  }
  const acSlots = dcCount > 0 ? header.acCount + AC_PADDING : 0;
  const huffmanCoded = dcCount > 0 && header.acCompression === DwaAcCompression.StaticHuffman;
  const streamBytes = huffmanCoded ? header.acCompressedSize : 0;
  const chunk = reserveChunk(
    { outputBytes: layout.uncompressedSize, dcValues: dcCount, acValues: acSlots, planeBytes: rleRawSize, streamBytes },
    layout,
  );
  const unknownAt = header.dataOffset;
  const acAt = unknownAt + header.unknownCompressedSize;
  const dcAt = acAt + header.acCompressedSize;
  const rleAt = dcAt + header.dcCompressedSize;
  if (unknownSize > 0) {
    const size = header.unknownCompressedSize;
    decodeUnknownChannels(compressed, unknownAt, size, unknownChannels, geometry, chunk.output, layout);
  }
  if (dcCount > 0) {
    const { acCompressedSize, acCount, acCompression } = header;
    decodeAcValues(compressed, acAt, acCompressedSize, acCount, acCompression, layout, chunk);
    decodeDcValues(compressed, dcAt, header.dcCompressedSize, dcCount, layout, chunk.dc);
    decodeLossyGroups(chunk, lossyGroups, acCount, acAt, geometry, layout);
  }
  if (rleRawSize > 0) {
    const { rleCompressedSize, rleUncompressedSize } = header;
    const rleSizes = [rleCompressedSize, rleUncompressedSize] as const;
    decodeRleChannels(compressed, rleAt, rleSizes, rleChannels, geometry, layout, chunk);
  }
  return chunk.output.slice();
}
