import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { HdrImage } from '../image/hdr-image.js';
import type { LdrImage } from '../image/ldr-image.js';
import { formatFromFileName, KNOWN_EXTENSIONS } from './detect.js';
import { encodeExr } from './exr/index.js';
import { encodeLdr } from './ldr/index.js';
import { encodePfm } from './pfm/index.js';
import { encodeRgbe } from './rgbe/index.js';
import type { HdrFileFormat } from './types.js';

export interface HdrEncodeOptions {
  /** OpenEXR compression; default `zip`. */
  readonly compression?: 'none' | 'zip';
  /** OpenEXR sample type; default `half`, the type of almost every published HDR dataset. */
  readonly pixelType?: 'half' | 'float';
  /** PFM byte order; default little-endian. */
  readonly littleEndian?: boolean;
}

export function encodeHdr(image: HdrImage, format: HdrFileFormat, options: HdrEncodeOptions = {}): Uint8Array {
  switch (format) {
    case 'exr':
      return encodeExr(image, { compression: options.compression ?? 'zip', pixelType: options.pixelType ?? 'half' });
    case 'rgbe':
      return encodeRgbe(image);
    case 'pfm':
      return encodePfm(image, { littleEndian: options.littleEndian ?? true });
  }
}

/**
 * Writes through a temporary file in the same directory and renames it into place, so a crash or a full
 * disk never leaves a truncated image under the final name.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function hdrFormatFor(path: string): HdrFileFormat {
  const format = formatFromFileName(path);
  if (format === 'exr' || format === 'rgbe' || format === 'pfm') return format;
  throw new Error(
    `${path}: cannot tell the HDR format from the extension; use .exr, .hdr or .pfm (known: ${KNOWN_EXTENSIONS.join(', ')})`,
  );
}

/** Writes an HDR image in the format named by the file's extension (.exr, .hdr, .pfm). */
export async function writeHdrFile(path: string, image: HdrImage, options?: HdrEncodeOptions): Promise<void> {
  await writeFileAtomic(path, encodeHdr(image, hdrFormatFor(path), options));
}

/** Writes an LDR image as PNG or JPEG, chosen by the file's extension. */
export async function writeLdrFile(
  path: string,
  image: LdrImage,
  options?: { bitDepth?: 8 | 16; quality?: number },
): Promise<void> {
  const format = formatFromFileName(path);
  if (format !== 'png' && format !== 'jpeg') {
    throw new Error(`${path}: an LDR image is written as .png, .jpg or .jpeg`);
  }
  await writeFileAtomic(path, await encodeLdr(image, format, options));
}
