import sharp, { type Metadata, type OutputInfo } from 'sharp';
import type { ChannelCount } from '../../image/hdr-image.js';
import type { LdrImage } from '../../image/ldr-image.js';
import { detectFormat } from '../detect.js';
import { HdrFormatError } from '../errors.js';
import { checkDimensions, resolveDecodeOptions, type DecodeOptions } from '../limits.js';
import type { LdrFileFormat } from '../types.js';
import { codesToUnit } from './codes.js';

export interface LdrDecodeOptions extends DecodeOptions {
  /**
   * Rotate / flip by the EXIF Orientation tag. Off by default: research data must come back exactly as
   * stored, and the tag is reported in `info.orientation` so a caller can apply it deliberately.
   */
  autoOrient?: boolean;
}

/** What an 8/16-bit file says about itself. */
export interface LdrFileInfo {
  readonly format: LdrFileFormat;
  /** Size of the returned image (after rotation, only when `autoOrient` was asked for). */
  readonly width: number;
  readonly height: number;
  /** Channels of the returned image: 1 for grey, 3 for RGB, 4 for RGBA and grey + alpha. */
  readonly channels: ChannelCount;
  /** Bits per sample as stored: 1, 2, 4, 8 or 16 for PNG (palette indices included) and TIFF, 8 for JPEG. */
  readonly bitDepth: number;
  /** Whether the PNG or TIFF stores palette indices (expanded to RGB or RGBA on decode). */
  readonly palette: boolean;
  /** EXIF Orientation tag (1-8) when present; not applied unless `autoOrient` was set. */
  readonly orientation: number | undefined;
  /** Whether the file embeds an ICC profile. It is ignored: samples are returned as stored. */
  readonly iccProfile: boolean;
}

export interface DecodedLdr {
  readonly image: LdrImage;
  readonly info: LdrFileInfo;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Only PNG, JPEG and TIFF are let through to the native decoder: never SVG, GIF or whatever else it knows. */
function sniffFormat(bytes: Uint8Array): LdrFileFormat | undefined {
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const format = detectFormat(bytes);
  return format === 'tiff' ? format : undefined;
}

/**
 * Colour spaces whose samples the decoder hands over unchanged. A TIFF may also store CMYK, CIELAB or
 * arbitrary bands; converting those to RGB would invent values, so they are refused.
 */
const STORED_AS_IS: ReadonlySet<string> = new Set(['srgb', 'rgb16', 'b-w', 'grey16']);

function describe(error: unknown): string {
  return error instanceof Error ? error.message.trim() : String(error);
}

/**
 * Decodes a PNG (1-16 bits, grey, grey + alpha, RGB, RGBA, palette), a baseline/progressive JPEG or an
 * 8/16-bit TIFF (grey, RGB, with or without alpha, any compression libtiff reads; first page only) into
 * [0, 1] floats, keeping the code values exactly: sample = code / (2^bitDepth - 1), with 16-bit files kept
 * at 16 bits. Samples stay in the file's encoding (usually sRGB): no colour management, no linearisation.
 * Grey + alpha is expanded to RGBA (grey copied to R, G and B) because 2-channel images do not exist
 * downstream; grey stays 1 channel; bit depths below 8 are scaled up to 8 bits; palette entries are expanded.
 * CMYK JPEGs are rejected rather than converted through a guessed profile.
 */
export async function decodeLdr(bytes: Uint8Array, options?: LdrDecodeOptions): Promise<DecodedLdr> {
  const resolved = resolveDecodeOptions(options);
  const { source } = resolved;
  const format = sniffFormat(bytes);
  if (!format) throw new HdrFormatError(source, 'a TIFF, PNG or JPEG signature', 0);

  let metadata: Metadata;
  try {
    // Header only: no pixel limit here, so an oversized image gets checkDimensions' explicit message below.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new HdrFormatError(source, `a readable ${format.toUpperCase()} header`, undefined, describe(error));
  }
  if (metadata.format !== format) {
    throw new HdrFormatError(source, `a ${format.toUpperCase()} file`, 0, `decoder identified ${metadata.format}`);
  }
  checkDimensions(metadata.width, metadata.height, resolved);
  if (metadata.space === 'cmyk') {
    throw new HdrFormatError(source, 'a grey or RGB image', undefined, `CMYK ${format.toUpperCase()}s are not supported`);
  }
  const sixteenBit = metadata.depth === 'ushort';
  if (!sixteenBit && metadata.depth !== 'uchar') {
    const hint = metadata.depth === 'float' || metadata.depth === 'double' ? '; float samples are HDR values: convert the file to OpenEXR' : '';
    throw new HdrFormatError(source, '8- or 16-bit unsigned samples', undefined, `decoder reports ${metadata.depth}${hint}`);
  }
  if (format === 'tiff' && !STORED_AS_IS.has(metadata.space)) {
    throw new HdrFormatError(source, 'a grey or RGB TIFF', undefined, `it stores ${metadata.space} samples; convert it to RGB first`);
  }
  const grey = metadata.channels === 1;
  const expected: ChannelCount = grey ? 1 : metadata.channels === 3 ? 3 : 4;
  // The target colour space only names the band layout: same-family conversions (grey -> grey, grey ->
  // RGB by copying, 16 -> 16 bits) leave code values untouched; anything else would rescale them.
  const space = sixteenBit ? (grey ? 'grey16' : 'rgb16') : grey ? 'b-w' : 'srgb';

  const decoderOptions = {
    limitInputPixels: Math.max(1, Math.floor(resolved.maxPixels)),
    autoOrient: options?.autoOrient ?? false,
    ignoreIcc: true,
    failOn: 'warning' as const,
  };
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(bytes, decoderOptions)
      .toColourspace(space)
      .raw({ depth: sixteenBit ? 'ushort' : 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new HdrFormatError(source, `valid ${format.toUpperCase()} image data`, undefined, describe(error));
  }
  const { data, info } = decoded;
  const samples = info.width * info.height * expected;
  if (info.channels !== expected || data.length !== samples * (sixteenBit ? 2 : 1)) {
    throw new HdrFormatError(
      source,
      `${expected}-channel ${sixteenBit ? 16 : 8}-bit pixels`,
      undefined,
      `decoder returned ${info.channels} channels, ${data.length} bytes for ${info.width}x${info.height}`,
    );
  }
  const codes = sixteenBit ? nativeUint16(data) : data;
  const bitDepth = sixteenBit ? 16 : 8;
  const image: LdrImage = { width: info.width, height: info.height, channels: expected, bitDepth, data: codesToUnit(codes) };
  return {
    image,
    info: {
      format,
      width: info.width,
      height: info.height,
      channels: expected,
      bitDepth: format === 'jpeg' ? 8 : (metadata.bitsPerSample ?? bitDepth),
      palette: metadata.isPalette,
      orientation: metadata.orientation,
      iccProfile: metadata.hasProfile,
    },
  };
}

/** The decoder hands back 16-bit samples in native byte order; view them in place when aligned. */
function nativeUint16(bytes: Buffer): Uint16Array {
  if (bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  const copy = new Uint8Array(bytes);
  return new Uint16Array(copy.buffer, 0, copy.length / 2);
}
