import { readFile } from 'node:fs/promises';
import type { LdrImage } from '../image/ldr-image.js';
import { describeUnknownBytes, detectFormat } from './detect.js';
import { HdrFormatError } from './errors.js';
import { decodeExr } from './exr/index.js';
import { decodeLdr, type LdrFileInfo } from './ldr/index.js';
import type { DecodeOptions } from './limits.js';
import { decodePfm } from './pfm/index.js';
import { decodeRgbe } from './rgbe/index.js';
import type { DecodedHdr } from './types.js';

/** Decodes an HDR file (OpenEXR, Radiance RGBE or PFM) from its bytes, whatever its name says. */
export function decodeHdr(bytes: Uint8Array, options?: DecodeOptions): DecodedHdr {
  const source = options?.source ?? '<buffer>';
  const format = detectFormat(bytes);
  switch (format) {
    case 'exr':
      return decodeExr(bytes, options);
    case 'rgbe':
      return decodeRgbe(bytes, options);
    case 'pfm':
      return decodePfm(bytes, options);
    case 'png':
    case 'jpeg':
    case 'tiff':
      throw new HdrFormatError(
        source,
        'an HDR image (OpenEXR, Radiance RGBE or PFM)',
        0,
        `it is a ${format.toUpperCase()} file, read as display-referred 8/16-bit values; read it as an LDR image`,
      );
    default:
      throw new HdrFormatError(source, 'an HDR image (OpenEXR, Radiance RGBE or PFM)', 0, describeUnknownBytes(bytes));
  }
}

/** Reads and decodes an HDR file; error messages name `path`. */
export async function readHdrFile(path: string, options?: Omit<DecodeOptions, 'source'>): Promise<DecodedHdr> {
  const bytes = await readFile(path);
  return decodeHdr(bytes, { ...options, source: path });
}

export type DecodedImage =
  | ({ readonly kind: 'hdr' } & DecodedHdr)
  | { readonly kind: 'ldr'; readonly image: LdrImage; readonly info: LdrFileInfo };

/** Decodes any supported image, HDR or LDR, telling which it was. */
export async function decodeImage(bytes: Uint8Array, options?: DecodeOptions): Promise<DecodedImage> {
  const format = detectFormat(bytes);
  if (format === 'png' || format === 'jpeg' || format === 'tiff') {
    const decoded = await decodeLdr(bytes, options);
    return { kind: 'ldr', ...decoded };
  }
  return { kind: 'hdr', ...decodeHdr(bytes, options) };
}

/** Reads and decodes any supported image file; error messages name `path`. */
export async function readImageFile(path: string, options?: Omit<DecodeOptions, 'source'>): Promise<DecodedImage> {
  const bytes = await readFile(path);
  return decodeImage(bytes, { ...options, source: path });
}
