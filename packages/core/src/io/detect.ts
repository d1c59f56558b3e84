import type { ImageFileFormat } from './types.js';

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

const isWhitespace = (byte: number | undefined): boolean =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * Identifies an image format from its first bytes. File names lie (an HTML error page saved as `.hdr` is a
 * common result of a dead download link), so every reader dispatches on this instead of the extension.
 */
export function detectFormat(bytes: Uint8Array): ImageFileFormat | undefined {
  if (startsWith(bytes, [0x76, 0x2f, 0x31, 0x01])) return 'exr';
  // Radiance files start with "#?" followed by the program name (RADIANCE, RGBE, or a converter's name).
  if (startsWith(bytes, [0x23, 0x3f])) return 'rgbe';
  if ((startsWith(bytes, [0x50, 0x46]) || startsWith(bytes, [0x50, 0x66])) && isWhitespace(bytes[2])) return 'pfm';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  // Classic TIFF (42) and BigTIFF (43), in either byte order.
  if (startsWith(bytes, [0x49, 0x49]) && (bytes[2] === 0x2a || bytes[2] === 0x2b) && bytes[3] === 0) return 'tiff';
  if (startsWith(bytes, [0x4d, 0x4d, 0x00]) && (bytes[3] === 0x2a || bytes[3] === 0x2b)) return 'tiff';
  return undefined;
}

// TIFF is read but never written, so no extension chooses it.
const EXTENSIONS: Readonly<Record<string, ImageFileFormat>> = {
  '.exr': 'exr',
  '.hdr': 'rgbe',
  '.rgbe': 'rgbe',
  '.pic': 'rgbe',
  '.pfm': 'pfm',
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
};

/** The format a file name asks for; used only to choose what to write. */
export function formatFromFileName(fileName: string): ImageFileFormat | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return undefined;
  return EXTENSIONS[fileName.slice(dot).toLowerCase()];
}

/** Extensions accepted by {@link formatFromFileName}, for help texts and error messages. */
export const KNOWN_EXTENSIONS: readonly string[] = Object.keys(EXTENSIONS);

/** Short description of bytes that are no known image, for error messages ("an HTML page", "empty"). */
export function describeUnknownBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'the file is empty';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64)).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<?xml')) {
    return 'it looks like an HTML/XML page (a failed download?)';
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'it is a zip archive';
  const hex = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `its first bytes are ${hex}`;
}
