import { detectFormat } from '@hdr-lab/core';

/** What a download holds, judged from its first bytes, never from its name or Content-Type. */
export type ContentKind = 'exr' | 'rgbe' | 'pfm' | 'png' | 'jpeg' | 'tiff' | 'zip' | 'mp4' | 'matroska' | 'mxf' | 'avi' | 'html' | 'unknown';

/** Bytes needed to tell every kind above apart. */
export const SNIFF_BYTES = 64;

const HDR_IMAGES: ReadonlySet<ContentKind> = new Set(['exr', 'rgbe', 'pfm', 'tiff']);
const VIDEOS: ReadonlySet<ContentKind> = new Set(['mp4', 'matroska', 'mxf', 'avi']);

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((value, index) => bytes[at + index] === value);
}

export function sniffContent(bytes: Uint8Array): ContentKind {
  const image = detectFormat(bytes);
  if (image) return image;
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) return 'mp4';
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'matroska';
  if (startsWith(bytes, [0x06, 0x0e, 0x2b, 0x34])) return 'mxf';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x41, 0x56, 0x49, 0x20], 8)) return 'avi';
  const withoutBom = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  const text = new TextDecoder('latin1').decode(withoutBom.subarray(0, SNIFF_BYTES)).trimStart().toLowerCase();
  if (text.startsWith('<!doctype html') || text.startsWith('<html') || text.startsWith('<head') || text.startsWith('<?xml')) return 'html';
  return 'unknown';
}

/**
 * Whether content of this kind is what an entry of that kind may store. TIFF counts as an HDR image (float
 * and LogLuv TIFFs are common on the Table 5 sites); zip archives are unpacked and their members judged in turn.
 */
export function acceptsContent(entryKind: 'image' | 'video' | 'page', kind: ContentKind): boolean {
  if (kind === 'zip') return true;
  if (entryKind === 'video') return VIDEOS.has(kind);
  return HDR_IMAGES.has(kind) || (entryKind === 'page' && VIDEOS.has(kind));
}
