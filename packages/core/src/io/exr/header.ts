import { HdrFormatError } from '../errors.js';
import { checkDimensions, type ResolvedDecodeOptions } from '../limits.js';
import {
  parseAttributeValue,
  type Box2i,
  type ExrAttribute,
  type ExrAttributeValue,
  type ExrChannel,
  type ExrTileDescription,
} from './attributes.js';
import { compressionForCode, type ExrCompression } from './compression/index.js';

export const ExrLineOrder = { Increasing: 0, Decreasing: 1, Random: 2 } as const;
export type ExrLineOrder = (typeof ExrLineOrder)[keyof typeof ExrLineOrder];

const MAGIC = [0x76, 0x2f, 0x31, 0x01];
const SUPPORTED_VERSION = 2;
const FLAG_TILED = 0x200;
const FLAG_LONG_NAMES = 0x400;
const FLAG_NON_IMAGE = 0x800;
const FLAG_MULTIPART = 0x1000;
const KNOWN_FLAGS = FLAG_TILED | FLAG_LONG_NAMES | FLAG_NON_IMAGE | FLAG_MULTIPART;

/** Everything the decoder needs from a single-part OpenEXR header, validated. */
export interface ExrHeader {
  readonly tiled: boolean;
  readonly longNames: boolean;
  /** Every attribute by name, including those this reader does not interpret. */
  readonly attributes: ReadonlyMap<string, ExrAttribute>;
  /** Channels in the order their samples are stored: sorted by name. */
  readonly channels: readonly ExrChannel[];
  readonly compression: ExrCompression;
  readonly dataWindow: Box2i;
  readonly displayWindow: Box2i;
  readonly lineOrder: ExrLineOrder;
  /** Present exactly when `tiled` is true. */
  readonly tiles: ExrTileDescription | undefined;
  /** Data-window size: the size of the decoded image. */
  readonly width: number;
  readonly height: number;
  /** Offset of the first byte after the header, where the chunk offset table starts. */
  readonly end: number;
}

function readInt32(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
}

function readName(bytes: Uint8Array, at: number, maxLength: number, what: string, source: string): [string, number] {
  const limit = Math.min(bytes.length, at + maxLength + 1);
  for (let i = at; i < limit; i++) {
    if (bytes[i] === 0) {
      if (i === at) throw new HdrFormatError(source, `a non-empty ${what}`, at);
      return [String.fromCharCode(...bytes.subarray(at, i)), i + 1];
    }
  }
  if (limit === bytes.length) throw new HdrFormatError(source, `a complete header (${what})`, at, 'file ends');
  throw new HdrFormatError(source, `a ${what} of at most ${maxLength} bytes`, at);
}

function checkFlags(bytes: Uint8Array, source: string): { tiled: boolean; longNames: boolean } {
  if (bytes.length < 8 || MAGIC.some((byte, i) => bytes[i] !== byte)) {
    throw new HdrFormatError(source, 'the OpenEXR magic number 76 2f 31 01', 0);
  }
  const version = bytes[4];
  const flags = readInt32(bytes, 4) & ~0xff;
  if (version !== SUPPORTED_VERSION) {
    throw new HdrFormatError(source, `OpenEXR file format version ${SUPPORTED_VERSION}`, 4, `got ${version}`);
  }
  if (flags & FLAG_MULTIPART) {
    throw new HdrFormatError(source, 'a single-part OpenEXR file', 4, 'multi-part files are not supported');
  }
  if (flags & FLAG_NON_IMAGE) {
    throw new HdrFormatError(source, 'a flat (non-deep) OpenEXR image', 4, 'deep data is not supported');
  }
  if (flags & ~KNOWN_FLAGS) {
    throw new HdrFormatError(source, 'known OpenEXR version flags', 4, `flags 0x${flags.toString(16)}`);
  }
  return { tiled: (flags & FLAG_TILED) !== 0, longNames: (flags & FLAG_LONG_NAMES) !== 0 };
}

function readAttributes(bytes: Uint8Array, longNames: boolean, source: string): [Map<string, ExrAttribute>, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const maxNameLength = longNames ? 255 : 31;
  const attributes = new Map<string, ExrAttribute>();
  let at = 8;
  for (;;) {
    if (at >= bytes.length) throw new HdrFormatError(source, 'a complete header', at, 'file ends');
    if (bytes[at] === 0) return [attributes, at + 1];
    const [name, typeAt] = readName(bytes, at, maxNameLength, 'attribute name', source);
    const [type, sizeAt] = readName(bytes, typeAt, maxNameLength, 'attribute type name', source);
    if (sizeAt + 4 > bytes.length) throw new HdrFormatError(source, 'a complete header', sizeAt, 'file ends');
    const size = readInt32(bytes, sizeAt);
    const valueAt = sizeAt + 4;
    if (size < 0 || size > bytes.length - valueAt) {
      throw new HdrFormatError(source, 'an attribute size within the file', sizeAt, `"${name}" declares ${size} bytes`);
    }
    const value = parseAttributeValue(type, { bytes, view, offset: valueAt, size, name, source, maxNameLength });
    attributes.set(name, { type, size, value });
    at = valueAt + size;
  }
}

function required<T extends ExrAttributeValue>(
  attributes: ReadonlyMap<string, ExrAttribute>,
  name: string,
  type: string,
  source: string,
  end: number,
): T {
  const attribute = attributes.get(name);
  if (attribute === undefined) throw new HdrFormatError(source, `the required attribute "${name}"`, end);
  if (attribute.type !== type) {
    throw new HdrFormatError(source, `attribute "${name}" of type ${type}`, end, `it has type ${attribute.type}`);
  }
  return attribute.value as T;
}

function sortedChannels(channels: readonly ExrChannel[], source: string, end: number): ExrChannel[] {
  // Samples are stored in name order whatever order the list was written in, as OpenEXR itself sorts it.
  const sorted = [...channels].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].name === sorted[i - 1].name) {
      throw new HdrFormatError(source, 'unique channel names', end, `"${sorted[i].name}" appears twice`);
    }
  }
  return sorted;
}

function checkBox(box: Box2i, name: string, source: string, end: number): void {
  if (box.xMax < box.xMin || box.yMax < box.yMin) {
    const text = `${box.xMin},${box.yMin},${box.xMax},${box.yMax}`;
    throw new HdrFormatError(source, `a non-empty ${name}`, end, `got ${text}`);
  }
}

/**
 * Parses and validates the header of a single-part scanline or tiled OpenEXR file, including the image
 * size against the caller's pixel limit, before anything is allocated for the pixels.
 */
export function parseExrHeader(bytes: Uint8Array, options: ResolvedDecodeOptions): ExrHeader {
  const { source } = options;
  const { tiled, longNames } = checkFlags(bytes, source);
  const [attributes, end] = readAttributes(bytes, longNames, source);
  const type = attributes.get('type')?.value;
  if (type === 'deepscanline' || type === 'deeptile') {
    const detail = `type is "${type}"; deep data is not supported`;
    throw new HdrFormatError(source, 'a flat (non-deep) OpenEXR image', end, detail);
  }
  const channels = sortedChannels(required(attributes, 'channels', 'chlist', source, end), source, end);
  const compressionCode = required<number>(attributes, 'compression', 'compression', source, end);
  const compression = compressionForCode(compressionCode);
  if (compression === undefined) {
    throw new HdrFormatError(source, 'a known compression (0-9: NONE to DWAB)', end, `got code ${compressionCode}`);
  }
  const dataWindow = required<Box2i>(attributes, 'dataWindow', 'box2i', source, end);
  const displayWindow = required<Box2i>(attributes, 'displayWindow', 'box2i', source, end);
  checkBox(dataWindow, 'data window', source, end);
  checkBox(displayWindow, 'display window', source, end);
  const lineOrder = required<number>(attributes, 'lineOrder', 'lineOrder', source, end);
  if (lineOrder > ExrLineOrder.Random) {
    throw new HdrFormatError(source, 'line order 0, 1 or 2', end, `got ${lineOrder}`);
  }
  const tiles = tiled ? required<ExrTileDescription>(attributes, 'tiles', 'tiledesc', source, end) : undefined;
  const width = dataWindow.xMax - dataWindow.xMin + 1;
  const height = dataWindow.yMax - dataWindow.yMin + 1;
  checkDimensions(width, height, options, end);
  return {
    tiled,
    longNames,
    attributes,
    channels,
    compression,
    dataWindow,
    displayWindow,
    lineOrder: lineOrder as ExrLineOrder,
    tiles,
    width,
    height,
    end,
  };
}
