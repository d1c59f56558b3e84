import { HdrFormatError } from '../errors.js';
import { ExrPixelType } from './compression/types.js';

/** Inclusive integer rectangle, as OpenEXR stores data and display windows. */
export interface Box2i {
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
}

export interface ExrChannel {
  readonly name: string;
  readonly pixelType: ExrPixelType;
  readonly perceptuallyLinear: boolean;
  readonly xSampling: number;
  readonly ySampling: number;
}

export const ExrLevelMode = { OneLevel: 0, Mipmap: 1, Ripmap: 2 } as const;
export type ExrLevelMode = (typeof ExrLevelMode)[keyof typeof ExrLevelMode];

export const ExrRoundingMode = { Down: 0, Up: 1 } as const;
export type ExrRoundingMode = (typeof ExrRoundingMode)[keyof typeof ExrRoundingMode];

export interface ExrTileDescription {
  readonly width: number;
  readonly height: number;
  readonly levelMode: ExrLevelMode;
  readonly roundingMode: ExrRoundingMode;
}

/**
 * Parsed value of one header attribute. Types this reader has no use for (preview images, matrices,
 * key codes, opaque user types) are kept as `undefined`: their size is known, so they are skipped safely.
 */
export type ExrAttributeValue =
  | number
  | string
  | readonly number[]
  | readonly string[]
  | Box2i
  | readonly ExrChannel[]
  | ExrTileDescription
  | undefined;

export interface ExrAttribute {
  /** Type name as stored in the file (`box2i`, `chlist`, ...). */
  readonly type: string;
  /** Size of the stored value in bytes. */
  readonly size: number;
  readonly value: ExrAttributeValue;
}

/** Fixed sizes of the value types whose layout is fixed; a mismatch means a corrupt header. */
const FIXED_SIZES: Readonly<Record<string, number>> = {
  int: 4,
  float: 4,
  double: 8,
  compression: 1,
  lineOrder: 1,
  envmap: 1,
  deepImageState: 1,
  box2i: 16,
  box2f: 16,
  v2i: 8,
  v2f: 8,
  v2d: 16,
  v3i: 12,
  v3f: 12,
  v3d: 24,
  rational: 8,
  chromaticities: 32,
  tiledesc: 9,
};

const utf8 = new TextDecoder('utf-8');

/** Where an attribute's value lies, with what is needed to report a problem in it. */
export interface AttributeSpan {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly offset: number;
  readonly size: number;
  readonly name: string;
  readonly source: string;
  /** Longest channel name accepted (31 bytes, or 255 with the long-names flag). */
  readonly maxNameLength: number;
}

function fail(span: AttributeSpan, expected: string, offset: number, detail?: string): never {
  throw new HdrFormatError(span.source, expected, offset, detail ?? `in attribute "${span.name}"`);
}

/**
 * The shortest decimal that is still the same float32, so that a stored 0.64 reads back as 0.64 rather
 * than 0.6399999856948853 in messages and file descriptions.
 */
function shortestFloat32(value: number): number {
  if (!Number.isFinite(value)) return value;
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

function readFloats(span: AttributeSpan, count: number, bytesPerValue: 4 | 8): number[] {
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = span.offset + i * bytesPerValue;
    values.push(bytesPerValue === 4 ? shortestFloat32(span.view.getFloat32(at, true)) : span.view.getFloat64(at, true));
  }
  return values;
}

function readInts(span: AttributeSpan, count: number): number[] {
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(span.view.getInt32(span.offset + 4 * i, true));
  return values;
}

function parseChannelList(span: AttributeSpan): ExrChannel[] {
  const end = span.offset + span.size;
  const channels: ExrChannel[] = [];
  let at = span.offset;
  while (at < end && span.bytes[at] !== 0) {
    const nameEnd = span.bytes.indexOf(0, at);
    if (nameEnd < 0 || nameEnd >= end) fail(span, 'a zero-terminated channel name', at);
    if (nameEnd - at > span.maxNameLength) {
      fail(span, `a channel name of at most ${span.maxNameLength} bytes`, at);
    }
    const name = utf8.decode(span.bytes.subarray(at, nameEnd));
    const fields = nameEnd + 1;
    if (fields + 16 > end) fail(span, 'a complete channel description', fields);
    const pixelType = span.view.getInt32(fields, true);
    if (pixelType !== ExrPixelType.Uint && pixelType !== ExrPixelType.Half && pixelType !== ExrPixelType.Float) {
      fail(span, 'pixel type 0 (UINT), 1 (HALF) or 2 (FLOAT)', fields, `channel "${name}" has type ${pixelType}`);
    }
    const xSampling = span.view.getInt32(fields + 8, true);
    const ySampling = span.view.getInt32(fields + 12, true);
    if (xSampling < 1 || ySampling < 1) {
      fail(span, 'positive channel sampling', fields + 8, `channel "${name}" has sampling ${xSampling}x${ySampling}`);
    }
    channels.push({
      name,
      pixelType: pixelType as ExrPixelType,
      perceptuallyLinear: span.bytes[fields + 4] !== 0,
      xSampling,
      ySampling,
    });
    at = fields + 16;
  }
  if (at >= end) fail(span, 'a channel list ending with a zero byte', end);
  if (channels.length === 0) fail(span, 'at least one channel', span.offset);
  return channels;
}

function parseTileDescription(span: AttributeSpan): ExrTileDescription {
  const width = span.view.getUint32(span.offset, true);
  const height = span.view.getUint32(span.offset + 4, true);
  const mode = span.bytes[span.offset + 8];
  const levelMode = mode & 0x0f;
  const roundingMode = mode >> 4;
  if (width < 1 || height < 1 || width > 0x7fffffff || height > 0x7fffffff) {
    fail(span, 'a positive tile size', span.offset, `got ${width}x${height}`);
  }
  if (levelMode > ExrLevelMode.Ripmap) fail(span, 'level mode 0, 1 or 2', span.offset + 8, `got ${levelMode}`);
  if (roundingMode > ExrRoundingMode.Up) fail(span, 'rounding mode 0 or 1', span.offset + 8, `got ${roundingMode}`);
  return { width, height, levelMode: levelMode as ExrLevelMode, roundingMode: roundingMode as ExrRoundingMode };
}

function parseStringVector(span: AttributeSpan): string[] {
  const end = span.offset + span.size;
  const strings: string[] = [];
  let at = span.offset;
  while (at < end) {
    if (at + 4 > end) fail(span, 'a complete string length', at);
    const length = span.view.getInt32(at, true);
    if (length < 0 || at + 4 + length > end) fail(span, 'a string inside its attribute', at, `length ${length}`);
    strings.push(utf8.decode(span.bytes.subarray(at + 4, at + 4 + length)));
    at += 4 + length;
  }
  return strings;
}

/** Parses an attribute value of the given type; unknown types come back as `undefined`. */
export function parseAttributeValue(type: string, span: AttributeSpan): ExrAttributeValue {
  const fixed = FIXED_SIZES[type];
  if (fixed !== undefined && span.size !== fixed) {
    fail(span, `${fixed} bytes for a ${type} value`, span.offset, `attribute "${span.name}" declares ${span.size}`);
  }
  switch (type) {
    case 'int':
      return span.view.getInt32(span.offset, true);
    case 'float':
      return readFloats(span, 1, 4)[0];
    case 'double':
      return span.view.getFloat64(span.offset, true);
    case 'compression':
    case 'lineOrder':
    case 'envmap':
    case 'deepImageState':
      return span.bytes[span.offset];
    case 'box2i': {
      const [xMin, yMin, xMax, yMax] = readInts(span, 4);
      return { xMin, yMin, xMax, yMax };
    }
    case 'box2f':
      return readFloats(span, 4, 4);
    case 'v2i':
      return readInts(span, 2);
    case 'v3i':
      return readInts(span, 3);
    case 'v2f':
      return readFloats(span, 2, 4);
    case 'v3f':
      return readFloats(span, 3, 4);
    case 'v2d':
      return readFloats(span, 2, 8);
    case 'v3d':
      return readFloats(span, 3, 8);
    case 'chromaticities':
      return readFloats(span, 8, 4);
    case 'rational':
      return [span.view.getInt32(span.offset, true), span.view.getUint32(span.offset + 4, true)];
    case 'string':
      return utf8.decode(span.bytes.subarray(span.offset, span.offset + span.size));
    case 'stringvector':
      return parseStringVector(span);
    case 'chlist':
      return parseChannelList(span);
    case 'tiledesc':
      return parseTileDescription(span);
    default:
      return undefined;
  }
}
