import { createHdrImage, type ChannelCount } from '../../image/hdr-image.js';
import { HdrFormatError } from '../errors.js';
import { checkDimensions, resolveDecodeOptions, type DecodeOptions } from '../limits.js';
import type { DecodedHdr } from '../types.js';
import { copyRowsFlipped, HOST_IS_LITTLE_ENDIAN, swapWordBytes } from './byte-order.js';

/** Header tokens are a type, two integers and a float: anything longer is not a PFM header. */
const MAX_TOKEN_LENGTH = 64;

const INTEGER = /^\d{1,10}$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

interface Token {
  readonly text: string;
  readonly start: number;
  /** Offset of the whitespace byte that ended the token. */
  readonly end: number;
}

function readToken(bytes: Uint8Array, from: number, what: string, source: string): Token {
  let start = from;
  while (start < bytes.length && start - from < MAX_TOKEN_LENGTH && isWhitespace(bytes[start])) start++;
  let end = start;
  while (end < bytes.length && end - start <= MAX_TOKEN_LENGTH && !isWhitespace(bytes[end])) end++;
  if (end >= bytes.length || end === start || end - start > MAX_TOKEN_LENGTH) {
    throw new HdrFormatError(source, `${what} followed by whitespace in the PFM header`, start);
  }
  return { text: String.fromCharCode(...bytes.subarray(start, end)), start, end };
}

/**
 * Decodes a Portable Float Map: `PF` (RGB) or `Pf` (grey), then width, height and scale separated by
 * whitespace, one whitespace byte (or CR LF), and float32 rows from the bottom up. A negative scale means
 * little-endian data, a positive one big-endian. The scale's magnitude is reported but not applied: some
 * writers mean it as a brightness multiplier, others always write 1, and readers disagree on whether to
 * multiply or divide by it, so applying it would make the same file decode differently from tool to tool.
 */
export function decodePfm(bytes: Uint8Array, options?: DecodeOptions): DecodedHdr {
  const resolved = resolveDecodeOptions(options);
  const source = resolved.source;
  if (bytes.length < 2 || bytes[0] !== 0x50 || (bytes[1] !== 0x46 && bytes[1] !== 0x66)) {
    throw new HdrFormatError(source, 'a PFM file starting with "PF" or "Pf"', 0);
  }
  const type = readToken(bytes, 0, 'the type "PF" or "Pf"', source);
  if (type.text !== 'PF' && type.text !== 'Pf') {
    throw new HdrFormatError(source, 'the type "PF" or "Pf"', 0, `got "${type.text}"`);
  }
  const channels: ChannelCount = type.text === 'PF' ? 3 : 1;
  const widthToken = readToken(bytes, type.end, 'the width', source);
  const heightToken = readToken(bytes, widthToken.end, 'the height', source);
  if (!INTEGER.test(widthToken.text) || !INTEGER.test(heightToken.text)) {
    throw new HdrFormatError(source, 'decimal width and height', widthToken.start,
      `got "${widthToken.text}" "${heightToken.text}"`);
  }
  const width = Number(widthToken.text);
  const height = Number(heightToken.text);
  checkDimensions(width, height, resolved, widthToken.start);
  const scaleToken = readToken(bytes, heightToken.end, 'the scale', source);
  const scale = Number(scaleToken.text);
  if (!NUMBER.test(scaleToken.text) || scale === 0 || !Number.isFinite(scale)) {
    throw new HdrFormatError(source, 'a finite, non-zero scale (its sign gives the byte order)', scaleToken.start,
      `got "${scaleToken.text}"`);
  }

  const expected = width * height * channels * 4;
  let dataStart = scaleToken.end + 1;
  // A CR LF line end is one separator, unless the bytes after the CR alone are exactly the pixel data.
  if (bytes[scaleToken.end] === 0x0d && bytes[dataStart] === 0x0a && bytes.length - dataStart !== expected) {
    dataStart++;
  }
  const available = bytes.length - dataStart;
  if (available < expected) {
    throw new HdrFormatError(source, `${expected} bytes of float data (${width}x${height}x${channels})`, dataStart,
      `file has ${Math.max(0, available)}`);
  }

  const data = new Float32Array(width * height * channels);
  copyRowsFlipped(bytes, dataStart, new Uint8Array(data.buffer), 0, height, width * channels * 4);
  const littleEndian = scale < 0;
  if (littleEndian !== HOST_IS_LITTLE_ENDIAN) swapWordBytes(new Uint32Array(data.buffer));

  const details: Record<string, string | number | boolean> = {
    byteOrder: littleEndian ? 'little-endian' : 'big-endian',
    scale: Math.abs(scale),
  };
  if (available > expected) details.trailingBytes = available - expected;
  return {
    image: createHdrImage(width, height, channels, data),
    info: {
      format: 'pfm',
      width,
      height,
      channels,
      channelNames: channels === 3 ? ['R', 'G', 'B'] : ['Y'],
      pixelType: 'float',
      compression: 'none',
      details,
    },
  };
}
