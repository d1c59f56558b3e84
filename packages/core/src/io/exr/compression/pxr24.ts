import { HdrFormatError } from '../../errors.js';
import { inflateExactly } from './inflate.js';
import { ExrPixelType, type ExrBlockLayout } from './types.js';

/** Bytes PXR24 keeps per sample: FLOAT loses its 8 low mantissa bits, HALF and UINT stay lossless. */
function packedBytesPerSample(pixelType: ExrPixelType): number {
  return pixelType === ExrPixelType.Float ? 3 : pixelType === ExrPixelType.Half ? 2 : 4;
}

/**
 * PXR24: zlib over, for each line and channel, the sample-to-sample differences split into byte planes
 * (most significant first). Accumulating the differences restores each sample; FLOAT samples come back
 * as 24-bit floats padded with a zero low byte.
 */
export function decompressPxr24(compressed: Uint8Array, layout: ExrBlockLayout): Uint8Array {
  const { width, lines, channels } = layout;
  let packedLine = 0;
  let rawLine = 0;
  for (const channel of channels) {
    packedLine += width * packedBytesPerSample(channel.pixelType);
    rawLine += width * channel.bytesPerSample;
  }
  if (rawLine * lines !== layout.uncompressedSize) {
    throw new HdrFormatError(layout.source, `a PXR24 block of ${rawLine * lines} bytes`, layout.offset);
  }
  const packed = inflateExactly(compressed, packedLine * lines, layout, 'PXR24');
  const out = new Uint8Array(layout.uncompressedSize);
  let inAt = 0;
  let outAt = 0;
  for (let line = 0; line < lines; line++) {
    for (const channel of channels) {
      if (channel.pixelType === ExrPixelType.Half) {
        const plane1 = inAt + width;
        let pixel = 0;
        for (let x = 0; x < width; x++, outAt += 2) {
          pixel = (pixel + ((packed[inAt + x] << 8) | packed[plane1 + x])) & 0xffff;
          out[outAt] = pixel;
          out[outAt + 1] = pixel >> 8;
        }
        inAt += 2 * width;
      } else if (channel.pixelType === ExrPixelType.Float) {
        const plane1 = inAt + width;
        const plane2 = plane1 + width;
        let pixel = 0;
        for (let x = 0; x < width; x++, outAt += 4) {
          pixel = (pixel + ((packed[inAt + x] << 24) | (packed[plane1 + x] << 16) | (packed[plane2 + x] << 8))) | 0;
          out[outAt] = 0;
          out[outAt + 1] = pixel >> 8;
          out[outAt + 2] = pixel >> 16;
          out[outAt + 3] = pixel >>> 24;
        }
        inAt += 3 * width;
      } else {
        const plane1 = inAt + width;
        const plane2 = plane1 + width;
        const plane3 = plane2 + width;
        let pixel = 0;
        for (let x = 0; x < width; x++, outAt += 4) {
          const diff =
            (packed[inAt + x] << 24) | (packed[plane1 + x] << 16) | (packed[plane2 + x] << 8) | packed[plane3 + x];
          pixel = (pixel + diff) | 0;
          out[outAt] = pixel;
          out[outAt + 1] = pixel >> 8;
          out[outAt + 2] = pixel >> 16;
          out[outAt + 3] = pixel >>> 24;
        }
        inAt += 4 * width;
      }
    }
  }
  return out;
}
