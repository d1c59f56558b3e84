import sharp, { type Sharp } from 'sharp';
import type { LdrImage } from '../../image/ldr-image.js';
import type { LdrFileFormat } from '../types.js';
import { unitToCodes } from './codes.js';

export interface EncodeLdrOptions {
  /** PNG bits per sample; defaults to the image's own `bitDepth`. JPEG is always 8-bit. */
  bitDepth?: 8 | 16;
  /** JPEG quality, 1-100; default 95. Chroma is kept at full resolution (4:4:4). */
  quality?: number;
}

/**
 * Encodes an LdrImage as PNG (8 or 16 bits, grey / RGB / RGBA as the image has) or JPEG (8 bits, grey or
 * RGB). Samples are clipped to [0, 1] and rounded to the nearest code; they are written as they are, with
 * no transfer function applied and no metadata. JPEG cannot hold alpha, so RGBA is refused rather than
 * silently flattened.
 */
export async function encodeLdr(image: LdrImage, format: Exclude<LdrFileFormat, 'tiff'>, options: EncodeLdrOptions = {}): Promise<Uint8Array> {
  const { width, height, channels, data } = image;
  if (data.length !== width * height * channels) {
    throw new RangeError(`image data holds ${data.length} samples, expected ${width}x${height}x${channels}`);
  }
  const bitDepth = options.bitDepth ?? (format === 'png' ? image.bitDepth : 8);
  if (bitDepth !== 8 && bitDepth !== 16) throw new RangeError(`bitDepth must be 8 or 16, got ${String(bitDepth)}`);
  let pipeline: Sharp;
  if (format === 'png') {
    const codes = unitToCodes(data, bitDepth);
    const space = bitDepth === 16 ? (channels === 1 ? 'grey16' : 'rgb16') : channels === 1 ? 'b-w' : 'srgb';
    pipeline = sharp(codes, { raw: { width, height, channels } }).toColourspace(space).png({ compressionLevel: 6 });
  } else if (format === 'jpeg') {
    if (bitDepth !== 8) throw new RangeError('JPEG is 8-bit only; use PNG for 16-bit output');
    if (channels === 4) throw new RangeError('JPEG cannot store alpha; drop or composite the alpha channel first');
    const quality = options.quality ?? 95;
    if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
      throw new RangeError(`quality must be an integer in [1, 100], got ${quality}`);
    }
    pipeline = sharp(unitToCodes(data, 8), { raw: { width, height, channels } })
      .toColourspace(channels === 1 ? 'b-w' : 'srgb')
      .jpeg({ quality, chromaSubsampling: '4:4:4' });
  } else {
    throw new RangeError(`format must be 'png' or 'jpeg', got ${String(format)}`);
  }
  const buffer = await pipeline.toBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}
