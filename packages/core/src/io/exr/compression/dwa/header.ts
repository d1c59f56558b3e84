import type { ExrPixelType, ExrBlockLayout } from '../types.js';
import { LEGACY_CHANNEL_RULES, type DwaChannelRule, type DwaScheme } from './channel-rules.js';
import { dwaError } from './dwa-error.js';

/** How the AC coefficients are entropy coded. */
export const DwaAcCompression = { StaticHuffman: 0, Deflate: 1 } as const;

/** The sizes and counts that open every DWA chunk, and the channel rules that version 2 adds. */
export interface DwaHeader {
  readonly version: number;
  readonly unknownUncompressedSize: number;
  readonly unknownCompressedSize: number;
  readonly acCompressedSize: number;
  readonly dcCompressedSize: number;
  readonly rleCompressedSize: number;
  readonly rleUncompressedSize: number;
  readonly rleRawSize: number;
  /** Number of 16-bit AC values (run-length coded, before expansion into blocks). */
  readonly acCount: number;
  /** Number of 16-bit DC values: one per 8x8 block of each lossy channel. */
  readonly dcCount: number;
  readonly acCompression: number;
  readonly rules: readonly DwaChannelRule[];
  /** Chunk offset of the compressed sections, stored in order: unknown, AC, DC, RLE. */
  readonly dataOffset: number;
}

const FIELD_NAMES = [
  'version',
  'unknown uncompressed size',
  'unknown compressed size',
  'AC compressed size',
  'DC compressed size',
  'RLE compressed size',
  'RLE uncompressed size',
  'RLE raw size',
  'AC count',
  'DC count',
  'AC compression',
] as const;
const FIXED_HEADER_BYTES = FIELD_NAMES.length * 8;
const LATEST_VERSION = 2;
const MAX_SUFFIX_BYTES = 255;
const SCHEME_COUNT = 3;
const PIXEL_TYPE_COUNT = 3;

const utf8 = new TextDecoder('utf-8');

function readUint32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * Version 2 rules: a NUL-terminated suffix, a byte packing (colour index + 1) << 4 | scheme << 2 |
 * case-insensitive, and a pixel-type byte. Both bytes are signed in the reference reader, so values of
 * 128 and up are as invalid as out-of-range ones.
 */
function parseChannelRules(chunk: Uint8Array, start: number, end: number, layout: ExrBlockLayout): DwaChannelRule[] {
  const rules: DwaChannelRule[] = [];
  let at = start;
  while (at < end) {
    const nul = chunk.subarray(at, Math.min(end, at + MAX_SUFFIX_BYTES + 1)).indexOf(0);
    if (nul < 0 || at + nul + 3 > end) {
      throw dwaError(layout, at, 'a complete DWA channel rule', `the rule block ends at chunk byte ${end}`);
    }
    const suffix = utf8.decode(chunk.subarray(at, at + nul));
    const packed = chunk[at + nul + 1];
    const pixelType = chunk[at + nul + 2];
    const cscIndex = (packed >> 4) - 1;
    const scheme = (packed >> 2) & 3;
    if (packed >= 0x80 || cscIndex >= 3 || scheme >= SCHEME_COUNT) {
      const detail = `got 0x${packed.toString(16)}`;
      throw dwaError(layout, at + nul + 1, 'a DWA channel rule with a valid scheme and colour index', detail);
    }
    if (pixelType >= PIXEL_TYPE_COUNT) {
      throw dwaError(layout, at + nul + 2, 'a DWA channel rule pixel type of 0, 1 or 2', `got ${pixelType}`);
    }
    rules.push({
      suffix,
      scheme: scheme as DwaScheme,
      pixelType: pixelType as ExrPixelType,
      cscIndex,
      caseInsensitive: (packed & 1) === 1,
    });
    at += nul + 3;
  }
  return rules;
}

/** Reads and bounds-checks the chunk header: every section it announces lies inside the chunk. */
export function readDwaHeader(chunk: Uint8Array, layout: ExrBlockLayout): DwaHeader {
  if (chunk.length < FIXED_HEADER_BYTES) {
    const detail = `the chunk holds ${chunk.length} bytes`;
    throw dwaError(layout, 0, `a DWA chunk header of ${FIXED_HEADER_BYTES} bytes`, detail);
  }
  const fields: number[] = [];
  for (let i = 0; i < FIELD_NAMES.length; i++) {
    if (readUint32(chunk, i * 8 + 4) !== 0) {
      throw dwaError(layout, i * 8, `a DWA ${FIELD_NAMES[i]} between 0 and 2^32`, 'the high word is set');
    }
    fields.push(readUint32(chunk, i * 8));
  }
  const [version, unknownUncompressedSize, unknownCompressedSize, acCompressedSize, dcCompressedSize] = fields;
  const [rleCompressedSize, rleUncompressedSize, rleRawSize, acCount, dcCount, acCompression] = fields.slice(5);
  if (version > LATEST_VERSION) {
    throw dwaError(layout, 0, `a DWA chunk version of at most ${LATEST_VERSION}`, `got ${version}`);
  }
  let rules = LEGACY_CHANNEL_RULES;
  let dataOffset = FIXED_HEADER_BYTES;
  if (version >= 2) {
    if (chunk.length < FIXED_HEADER_BYTES + 2) {
      throw dwaError(layout, FIXED_HEADER_BYTES, 'a DWA channel rule block size', 'the chunk ends first');
    }
    const ruleBlockSize = chunk[FIXED_HEADER_BYTES] | (chunk[FIXED_HEADER_BYTES + 1] << 8);
    dataOffset = FIXED_HEADER_BYTES + ruleBlockSize;
    if (ruleBlockSize < 2 || dataOffset > chunk.length) {
      throw dwaError(
        layout,
        FIXED_HEADER_BYTES,
        'a DWA channel rule block inside the chunk',
        `it declares ${ruleBlockSize} bytes in a ${chunk.length}-byte chunk`,
      );
    }
    rules = parseChannelRules(chunk, FIXED_HEADER_BYTES + 2, dataOffset, layout);
  }
  const sectionBytes = unknownCompressedSize + acCompressedSize + dcCompressedSize + rleCompressedSize;
  if (dataOffset + sectionBytes > chunk.length) {
    throw dwaError(
      layout,
      3 * 8,
      'DWA sections that fit in the chunk',
      `they need ${dataOffset + sectionBytes} bytes, the chunk holds ${chunk.length}`,
    );
  }
  return {
    version,
    unknownUncompressedSize,
    unknownCompressedSize,
    acCompressedSize,
    dcCompressedSize,
    rleCompressedSize,
    rleUncompressedSize,
    rleRawSize,
    acCount,
    dcCount,
    acCompression,
    rules,
    dataOffset,
  };
}
