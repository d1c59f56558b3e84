import { HdrFormatError } from '../errors.js';

/** Radiance headers are short text; these bounds stop a binary or hostile file from being scanned as one. */
const MAX_HEADER_LINE_BYTES = 16 * 1024;
const MAX_HEADER_LINES = 4096;
const MAX_HEADER_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export type RgbePixelFormat = 'rgbe' | 'xyze';

/**
 * Where each stored pixel lands in the displayed image. Radiance stores `scanlineCount` scanlines of
 * `scanlineLength` pixels; with `yMajor` a scanline is a row, otherwise a column. `yDecreasing` means the
 * first stored row (or first pixel of each column) is the top one, `xDecreasing` that the first stored
 * column (or pixel of each row) is the rightmost one.
 */
export interface RgbeResolution {
  readonly width: number;
  readonly height: number;
  readonly yMajor: boolean;
  readonly yDecreasing: boolean;
  readonly xDecreasing: boolean;
  readonly scanlineLength: number;
  readonly scanlineCount: number;
  /** The resolution string as written, e.g. `-Y 61 +X 97`. */
  readonly text: string;
}

export interface RgbeHeader {
  /** The `#?` magic line without its `#?` (usually `RADIANCE` or `RGBE`). */
  readonly program: string;
  readonly pixelFormat: RgbePixelFormat;
  /** Product of every EXPOSURE line (1 when there is none): stored values are scene values times this. */
  readonly exposure: number;
  readonly exposureLines: number;
  /** Per-channel product of every COLORCORR line, when present. */
  readonly colorCorrection: readonly [number, number, number] | undefined;
  /** Last value of every other `NAME=value` line (PRIMARIES, GAMMA, VIEW, SOFTWARE, ...). */
  readonly variables: ReadonlyMap<string, string>;
  /** Header lines that are not variables: in Radiance files, the commands that produced the picture. */
  readonly commands: readonly string[];
  readonly resolution: RgbeResolution;
  /** Offset of the resolution string, for errors about the dimensions it declares. */
  readonly resolutionOffset: number;
  /** Offset of the first scanline byte. */
  readonly dataOffset: number;
}

interface Line {
  readonly text: string;
  readonly start: number;
  readonly next: number;
}

function readLine(bytes: Uint8Array, start: number, source: string): Line {
  const limit = Math.min(bytes.length, start + MAX_HEADER_LINE_BYTES);
  let end = start;
  while (end < limit && bytes[end] !== NEWLINE) end++;
  if (end >= bytes.length) {
    throw new HdrFormatError(source, 'a newline-terminated Radiance header line', start, 'file ends inside the header');
  }
  if (end === limit) {
    throw new HdrFormatError(source, `a header line of at most ${MAX_HEADER_LINE_BYTES} bytes`, start);
  }
  const textEnd = end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
  return { text: latin1(bytes, start, textEnd), start, next: end + 1 };
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i += 4096) {
    text += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  }
  return text;
}

const VARIABLE = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parsePositiveNumbers(value: string, count: number, line: Line, name: string, source: string): number[] {
  const parts = value.split(/\s+/).filter((part) => part !== '');
  const numbers = parts.map(Number);
  if (parts.length < count || !parts.slice(0, count).every((part) => NUMBER.test(part))
    || numbers.slice(0, count).some((n) => !(n > 0) || !Number.isFinite(n))) {
    throw new HdrFormatError(source, `${name}= followed by ${count} positive finite number(s)`, line.start, `got "${value}"`);
  }
  return numbers.slice(0, count);
}

function parsePixelFormat(value: string, line: Line, source: string): RgbePixelFormat {
  if (value === '32-bit_rle_rgbe') return 'rgbe';
  if (value === '32-bit_rle_xyze') return 'xyze';
  throw new HdrFormatError(source, 'FORMAT=32-bit_rle_rgbe or FORMAT=32-bit_rle_xyze', line.start, `got FORMAT=${value}`);
}

const RESOLUTION = /^\s*([+-])([XY])\s+(\d{1,10})\s+([+-])([XY])\s+(\d{1,10})\s*$/;

/**
 * Parses a Radiance resolution string. All eight orientations are unambiguous: the first axis is the one
 * scanlines advance along, the second the one pixels advance along within a scanline, and the signs say
 * whether coordinates (Y up, X right) increase or decrease as they do.
 */
export function parseResolution(text: string, offset: number, source: string): RgbeResolution {
  const match = RESOLUTION.exec(text);
  if (!match || match[2] === match[5]) {
    throw new HdrFormatError(
      source,
      'a resolution string such as "-Y <height> +X <width>" (one X and one Y axis)',
      offset,
      `got "${text.slice(0, 80)}"`,
    );
  }
  const [, slowSign, slowAxis, slowCount, fastSign, , fastCount] = match;
  const yMajor = slowAxis === 'Y';
  const scanlineCount = Number(slowCount);
  const scanlineLength = Number(fastCount);
  return {
    width: yMajor ? scanlineLength : scanlineCount,
    height: yMajor ? scanlineCount : scanlineLength,
    yMajor,
    yDecreasing: (yMajor ? slowSign : fastSign) === '-',
    xDecreasing: (yMajor ? fastSign : slowSign) === '-',
    scanlineLength,
    scanlineCount,
    text: text.trim().replace(/\s+/g, ' '),
  };
}

/** Parses the text header and resolution string; every line is bounded before it is decoded. */
export function parseRgbeHeader(bytes: Uint8Array, source: string): RgbeHeader {
  if (bytes.length < 2 || bytes[0] !== 0x23 || bytes[1] !== 0x3f) {
    throw new HdrFormatError(source, 'a Radiance header starting with "#?" (e.g. #?RADIANCE)', 0);
  }
  const first = readLine(bytes, 0, source);
  const program = first.text.slice(2).trim();
  let pixelFormat: RgbePixelFormat = 'rgbe';
  let exposure = 1;
  let exposureLines = 0;
  let colorCorrection: [number, number, number] | undefined;
  const variables = new Map<string, string>();
  const commands: string[] = [];
  let position = first.next;
  for (let count = 1; ; count++) {
    if (count > MAX_HEADER_LINES || position > MAX_HEADER_BYTES) {
      throw new HdrFormatError(
        source,
        `a header of at most ${MAX_HEADER_LINES} lines and ${MAX_HEADER_BYTES} bytes ending with a blank line`,
        position,
      );
    }
    const line = readLine(bytes, position, source);
    position = line.next;
    if (line.text.trim() === '') break;
    const variable = VARIABLE.exec(line.text);
    if (!variable) {
      commands.push(line.text.trim());
      continue;
    }
    const name = variable[1].toUpperCase();
    const value = variable[2];
    if (name === 'FORMAT') {
      pixelFormat = parsePixelFormat(value, line, source);
    } else if (name === 'EXPOSURE') {
      exposure *= parsePositiveNumbers(value, 1, line, name, source)[0];
      exposureLines++;
      if (!(exposure > 0) || !Number.isFinite(exposure)) {
        throw new HdrFormatError(source, 'a cumulative EXPOSURE that is positive and finite', line.start);
      }
    } else if (name === 'COLORCORR') {
      const [r, g, b] = parsePositiveNumbers(value, 3, line, name, source);
      colorCorrection = colorCorrection ? [colorCorrection[0] * r, colorCorrection[1] * g, colorCorrection[2] * b] : [r, g, b];
    } else {
      variables.set(name, value);
    }
  }
  const resolutionLine = readLine(bytes, position, source);
  const resolution = parseResolution(resolutionLine.text, resolutionLine.start, source);
  return {
    program,
    pixelFormat,
    exposure,
    exposureLines,
    colorCorrection,
    variables,
    commands,
    resolution,
    resolutionOffset: resolutionLine.start,
    dataOffset: resolutionLine.next,
  };
}
