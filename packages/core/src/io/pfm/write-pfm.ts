import type { HdrImage } from '../../image/hdr-image.js';
import { copyRowsFlipped, HOST_IS_LITTLE_ENDIAN, swapWordBytes } from './byte-order.js';

export interface PfmEncodeOptions {
  /** Byte order of the samples; default true (written as scale -1.0), false writes big-endian (scale 1.0). */
  littleEndian?: boolean;
}

/**
 * Encodes a grey (`Pf`) or RGB (`PF`) image as a Portable Float Map, rows bottom to top. Samples are copied
 * bit for bit, so NaN, infinities and negative values survive. PFM has no alpha channel; rather than drop
 * it silently, 4-channel images are refused.
 */
export function encodePfm(image: HdrImage, options?: PfmEncodeOptions): Uint8Array {
  const { width, height, channels, data } = image;
  if (channels === 4) {
    throw new Error('PFM cannot store alpha: drop the alpha channel (keep R, G, B) before encoding');
  }
  const littleEndian = options?.littleEndian ?? true;
  const header = new TextEncoder().encode(`${channels === 3 ? 'PF' : 'Pf'}\n${width} ${height}\n${littleEndian ? '-1.0' : '1.0'}\n`);
  const rowBytes = width * channels * 4;
  const payload = new Uint8Array(height * rowBytes);
  copyRowsFlipped(new Uint8Array(data.buffer, data.byteOffset, data.length * 4), 0, payload, 0, height, rowBytes);
  if (littleEndian !== HOST_IS_LITTLE_ENDIAN) swapWordBytes(new Uint32Array(payload.buffer));
  const out = new Uint8Array(header.length + payload.length);
  out.set(header);
  out.set(payload, header.length);
  return out;
}
