import { deflateSync } from 'node:zlib';
import type { HdrImage } from '../../image/hdr-image.js';
import { reorderAndPredict } from './compression/byte-predictor.js';
import { ExrPixelType } from './compression/types.js';
import { floatToHalf } from './half.js';

export interface ExrEncodeOptions {
  /** `zip` (the default) stores 16-line zlib blocks; `none` stores one raw line per chunk. */
  readonly compression?: 'none' | 'zip';
  /** `half` (the default) rounds to the nearest half; `float` keeps every bit. */
  readonly pixelType?: 'half' | 'float';
}

const COMPRESSION_CODES = { none: 0, zip: 3 } as const;
const LINES_PER_CHUNK = { none: 1, zip: 16 } as const;
/** OpenEXR's own default ZIP level: nearly the ratio of level 9 at a fraction of the time. */
const ZIP_LEVEL = 4;

/** Little-endian byte builder for the header, which is small enough that a plain array is fine. */
class HeaderBytes {
  private readonly bytes: number[] = [];
  private readonly scratch = new DataView(new ArrayBuffer(4));

  uint8(value: number): this {
    this.bytes.push(value & 0xff);
    return this;
  }

  int32(value: number): this {
    this.scratch.setInt32(0, value, true);
    for (let i = 0; i < 4; i++) this.bytes.push(this.scratch.getUint8(i));
    return this;
  }

  float32(value: number): this {
    this.scratch.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.bytes.push(this.scratch.getUint8(i));
    return this;
  }

  text(value: string): this {
    for (let i = 0; i < value.length; i++) this.bytes.push(value.charCodeAt(i));
    return this.uint8(0);
  }

  append(other: HeaderBytes): this {
    this.bytes.push(...other.bytes);
    return this;
  }

  get length(): number {
    return this.bytes.length;
  }

  toUint8Array(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

interface StoredChannel {
  readonly name: string;
  /** Index of the channel in the interleaved image. */
  readonly source: number;
}

function storedChannels(channels: number): StoredChannel[] {
  const names = channels === 1 ? ['Y'] : channels === 3 ? ['R', 'G', 'B'] : ['R', 'G', 'B', 'A'];
  return names.map((name, source) => ({ name, source })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

function buildHeader(
  image: HdrImage,
  stored: readonly StoredChannel[],
  pixelType: ExrPixelType,
  compression: number,
): Uint8Array {
  const header = new HeaderBytes().uint8(0x76).uint8(0x2f).uint8(0x31).uint8(0x01).int32(2);
  const attribute = (name: string, type: string, value: HeaderBytes) =>
    header.text(name).text(type).int32(value.length).append(value);
  const channelList = new HeaderBytes();
  for (const channel of stored) channelList.text(channel.name).int32(pixelType).int32(0).int32(1).int32(1);
  channelList.uint8(0);
  const window = () => new HeaderBytes().int32(0).int32(0).int32(image.width - 1).int32(image.height - 1);
  // Attributes in name order, as OpenEXR writes them.
  attribute('channels', 'chlist', channelList);
  attribute('compression', 'compression', new HeaderBytes().uint8(compression));
  attribute('dataWindow', 'box2i', window());
  attribute('displayWindow', 'box2i', window());
  attribute('lineOrder', 'lineOrder', new HeaderBytes().uint8(0));
  attribute('pixelAspectRatio', 'float', new HeaderBytes().float32(1));
  attribute('screenWindowCenter', 'v2f', new HeaderBytes().float32(0).float32(0));
  attribute('screenWindowWidth', 'float', new HeaderBytes().float32(1));
  return header.uint8(0).toUint8Array();
}

/** Lines [y, y + lines) in OpenEXR's uncompressed layout: per line, per stored channel, all samples. */
function packLines(image: HdrImage, stored: readonly StoredChannel[], half: boolean, y: number, lines: number): Uint8Array {
  const { width, channels, data } = image;
  const bytesPerSample = half ? 2 : 4;
  const packed = new Uint8Array(lines * width * stored.length * bytesPerSample);
  const halves = new Uint16Array(packed.buffer);
  const words = new Uint32Array(packed.buffer, 0, packed.length >> 2);
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  let at = 0;
  for (let line = y; line < y + lines; line++) {
    for (const channel of stored) {
      const end = ((line + 1) * width) * channels;
      if (half) {
        for (let s = line * width * channels + channel.source; s < end; s += channels) halves[at++] = floatToHalf(data[s]);
      } else {
        for (let s = line * width * channels + channel.source; s < end; s += channels) words[at++] = bits[s];
      }
    }
  }
  return packed;
}

function chunk(y: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, y, true);
  view.setInt32(4, payload.length, true);
  out.set(payload, 8);
  return out;
}

/**
 * Encodes an image as a single-part scanline OpenEXR file: channels R,G,B[,A] (or Y for one channel),
 * increasing line order, display window equal to the data window.
 */
export function encodeExr(image: HdrImage, options: ExrEncodeOptions = {}): Uint8Array {
  const compression = options.compression ?? 'zip';
  const pixelType = options.pixelType ?? 'half';
  if (compression !== 'none' && compression !== 'zip') {
    throw new RangeError(`unsupported EXR compression "${String(compression)}"`);
  }
  if (pixelType !== 'half' && pixelType !== 'float') {
    throw new RangeError(`unsupported EXR pixel type "${String(pixelType)}"`);
  }
  const { width, height, channels, data } = image;
  if (data.length !== width * height * channels || width <= 0 || height <= 0) {
    throw new RangeError(`image data holds ${data.length} samples, expected ${width}x${height}x${channels}`);
  }
  const stored = storedChannels(channels);
  const half = pixelType === 'half';
  const header = buildHeader(image, stored, half ? ExrPixelType.Half : ExrPixelType.Float, COMPRESSION_CODES[compression]);
  const linesPerChunk = LINES_PER_CHUNK[compression];
  const chunks: Uint8Array[] = [];
  for (let y = 0; y < height; y += linesPerChunk) {
    const raw = packLines(image, stored, half, y, Math.min(linesPerChunk, height - y));
    if (compression === 'none') {
      chunks.push(chunk(y, raw));
      continue;
    }
    const compressed = deflateSync(reorderAndPredict(raw), { level: ZIP_LEVEL });
    // A chunk stored at its raw size is read as raw, so anything that does not shrink is stored raw.
    chunks.push(chunk(y, compressed.length < raw.length ? compressed : raw));
  }
  const tableSize = 8 * chunks.length;
  let total = header.length + tableSize;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(header, 0);
  let at = header.length + tableSize;
  chunks.forEach((c, i) => {
    view.setBigUint64(header.length + 8 * i, BigInt(at), true);
    out.set(c, at);
    at += c.length;
  });
  return out;
}
