import { createHdrImage } from '../../image/hdr-image.js';
import { HdrFormatError } from '../errors.js';
import { checkDimensions, resolveDecodeOptions, type DecodeOptions } from '../limits.js';
import type { DecodedHdr, HdrFileInfo } from '../types.js';
import { parseRgbeHeader, type RgbeHeader, type RgbeResolution } from './header.js';
import { RgbeScanlineReader } from './scanline.js';
import { convertXyzToBt709, XYZ_CONVERSION_NOTE } from './xyz-to-rgb.js';

export interface RgbeDecodeOptions extends DecodeOptions {
  /**
   * Divide decoded values by the file's cumulative EXPOSURE so they are in the scene's units (default true).
   * With false the stored values are returned as they are.
   */
  applyExposure?: boolean;
  /**
   * Added to each mantissa before scaling. 0 (default) decodes m * 2^(e-136), the convention of OpenCV and
   * pfstools; 0.5 decodes (m + 0.5) * 2^(e-136), Radiance's own, which centres each value in its
   * quantisation interval. They differ by up to ~0.4% for the smallest normalised mantissas.
   */
  mantissaOffset?: 0 | 0.5;
}

const DECODING_NOTES = {
  0: 'm * 2^(e-136), e = 0 is zero (OpenCV/pfstools convention)',
  0.5: '(m + 0.5) * 2^(e-136), e = 0 is zero (Radiance convention)',
} as const;

/** `table[e]` is the factor for mantissas with exponent byte e, the exposure folded in. */
function buildScaleTable(exposure: number): Float64Array {
  const table = new Float64Array(256);
  for (let e = 1; e < 256; e++) table[e] = 2 ** (e - 136) / exposure;
  return table;
}

/**
 * Converts one decoded scanline to floats. The buffer is planar (new-style RLE: component stride =
 * scanline length, pixel stride 1) or interleaved (component stride 1, pixel stride 4); output pixels are
 * `outStep` floats apart so every orientation is one loop.
 */
function convertScanline(
  line: Uint8Array,
  planar: boolean,
  length: number,
  scales: Float64Array,
  mantissaOffset: number,
  out: Float32Array,
  outStart: number,
  outStep: number,
): void {
  const pixelStride = planar ? 1 : 4;
  const g = planar ? length : 1;
  const b = 2 * g;
  const e = 3 * g;
  let o = outStart;
  const end = length * pixelStride;
  for (let i = 0; i < end; i += pixelStride) {
    const scale = scales[line[i + e]];
    out[o] = (line[i] + mantissaOffset) * scale;
    out[o + 1] = (line[i + g] + mantissaOffset) * scale;
    out[o + 2] = (line[i + b] + mantissaOffset) * scale;
    o += outStep;
  }
}

/** Pixel index of scanline `s`'s first pixel in the top-to-bottom, left-to-right output, and the step. */
function scanlinePlacement(resolution: RgbeResolution, s: number): [start: number, step: number] {
  const { width, height, yMajor, yDecreasing, xDecreasing } = resolution;
  if (yMajor) {
    const row = yDecreasing ? s : height - 1 - s;
    return [row * width + (xDecreasing ? width - 1 : 0), xDecreasing ? -1 : 1];
  }
  const column = xDecreasing ? width - 1 - s : s;
  return [(yDecreasing ? 0 : height - 1) * width + column, yDecreasing ? width : -width];
}

function describeCompression(reader: RgbeScanlineReader): 'rle' | 'flat' | 'mixed' {
  const runLengthLines = reader.newStyleLines + reader.oldStyleLines;
  if (reader.flatLines === 0) return 'rle';
  return runLengthLines === 0 ? 'flat' : 'mixed';
}

function buildDetails(
  header: RgbeHeader,
  reader: RgbeScanlineReader,
  exposureApplied: boolean,
  mantissaOffset: 0 | 0.5,
  trailingBytes: number,
): Record<string, string | number | boolean> {
  const details: Record<string, string | number | boolean> = {
    program: header.program,
    pixelFormat: header.pixelFormat === 'xyze' ? '32-bit_rle_xyze' : '32-bit_rle_rgbe',
    orientation: header.resolution.text,
    exposure: header.exposure,
    exposureApplied,
    rgbeDecoding: DECODING_NOTES[mantissaOffset],
    newStyleRleScanlines: reader.newStyleLines,
    oldStyleRleScanlines: reader.oldStyleLines,
    flatScanlines: reader.flatLines,
  };
  if (header.pixelFormat === 'xyze') details.colorSpace = XYZ_CONVERSION_NOTE;
  if (header.colorCorrection) details.COLORCORR = header.colorCorrection.join(' ');
  for (const [name, value] of header.variables) details[name] = value;
  if (header.commands.length > 0) details.commands = header.commands.join('\n');
  if (trailingBytes > 0) details.trailingBytes = trailingBytes;
  return details;
}

/**
 * Decodes a Radiance picture (.hdr / .pic): RGBE or XYZE pixels, flat, old-style or new-style RLE scanlines
 * (mixed freely), in any of the eight orientations. The result is RGB, rows top to bottom.
 */
export function decodeRgbe(bytes: Uint8Array, options?: RgbeDecodeOptions): DecodedHdr {
  const resolved = resolveDecodeOptions(options);
  const source = resolved.source;
  const mantissaOffset = options?.mantissaOffset ?? 0;
  if (mantissaOffset !== 0 && mantissaOffset !== 0.5) {
    throw new RangeError(`mantissaOffset must be 0 or 0.5, got ${String(mantissaOffset)}`);
  }
  const applyExposure = options?.applyExposure ?? true;
  const header = parseRgbeHeader(bytes, source);
  const resolution = header.resolution;
  checkDimensions(resolution.width, resolution.height, resolved, header.resolutionOffset);
  // Every scanline takes at least one 4-byte pixel or line header, so a file this short cannot hold the image.
  const minimumBytes = resolution.scanlineCount * 4;
  if (bytes.length - header.dataOffset < minimumBytes) {
    throw new HdrFormatError(
      source,
      `at least ${minimumBytes} bytes of pixel data for ${resolution.scanlineCount} scanlines`,
      header.dataOffset,
      `file has ${bytes.length - header.dataOffset}`,
    );
  }

  const data = new Float32Array(resolution.width * resolution.height * 3);
  const line = new Uint8Array(resolution.scanlineLength * 4);
  const scales = buildScaleTable(applyExposure ? header.exposure : 1);
  const reader = new RgbeScanlineReader(bytes, header.dataOffset, resolution.scanlineLength, source);
  for (let s = 0; s < resolution.scanlineCount; s++) {
    reader.read(line);
    const [start, step] = scanlinePlacement(resolution, s);
    convertScanline(line, reader.planar, resolution.scanlineLength, scales, mantissaOffset, data, start * 3, step * 3);
  }
  if (header.pixelFormat === 'xyze') convertXyzToBt709(data);

  const info: HdrFileInfo = {
    format: 'rgbe',
    width: resolution.width,
    height: resolution.height,
    channels: 3,
    channelNames: ['R', 'G', 'B'],
    pixelType: 'rgbe',
    compression: describeCompression(reader),
    details: buildDetails(header, reader, applyExposure, mantissaOffset, bytes.length - reader.offset),
  };
  return { image: createHdrImage(resolution.width, resolution.height, 3, data), info };
}
