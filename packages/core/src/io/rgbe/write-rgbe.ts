import type { HdrImage } from '../../image/hdr-image.js';
import { canRunLengthEncode } from './scanline.js';

/** Runs shorter than this cost as much as literals (a run is 2 bytes), so they stay in literal blocks. */
const MIN_RUN = 4;
const MAX_RUN = 127;
const MAX_LITERALS = 128;

const wordView = new Float64Array(1);
const wordHalves = new Uint32Array(wordView.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** `2^(8 - E)` for the binary exponents E an encodable pixel can have, indexed by E + 128. */
const MANTISSA_SCALE = Float64Array.from({ length: 256 }, (_, i) => 2 ** (8 - (i - 128)));

/**
 * Quantises one pixel into `out` at `at`, with components `stride` bytes apart. The exponent is chosen from
 * the largest component and mantissas are rounded to nearest, so that the default decoding
 * m * 2^(e-136) is within half a step, 2^(e-137), of each input. RGBE stores neither negative values nor
 * NaN: both become 0. Values past the largest encodable one (255 * 2^119, including +Infinity) are clamped
 * to it, and pixels whose largest component rounds below 2^-128 (e would be < 1) become 0. Because the
 * largest mantissa is always >= 128, no pixel can look like a `1,1,1,n` run marker or a `2,2` line header.
 */
function quantisePixel(red: number, green: number, blue: number, out: Uint8Array, at: number, stride: number): void {
  const r = red > 0 ? red : 0;
  const g = green > 0 ? green : 0;
  const b = blue > 0 ? blue : 0;
  const max = r > g ? (r > b ? r : b) : g > b ? g : b;
  let exponentByte = 0;
  let scale = 0;
  if (max > 0) {
    wordView[0] = max;
    // frexp: max = f * 2^E with f in [0.5, 1); max is a normal double because it came from a float32.
    let exponent = ((wordHalves[HIGH_WORD] >>> 20) & 0x7ff) - 1022;
    if (exponent > 127) exponent = 127;
    scale = exponent >= -128 ? MANTISSA_SCALE[exponent + 128] : 0;
    if (exponent < 127 && Math.round(max * scale) > 255) {
      exponent++;
      scale *= 0.5;
    }
    exponentByte = exponent + 128;
    if (exponentByte < 1) {
      exponentByte = 0;
      scale = 0;
    }
  }
  out[at] = Math.min(255, Math.round(r * scale));
  out[at + stride] = Math.min(255, Math.round(g * scale));
  out[at + 2 * stride] = Math.min(255, Math.round(b * scale));
  out[at + 3 * stride] = exponentByte;
}

/** Writes `length` bytes of `row` from `start` as a new-style component stream; returns the new output end. */
function encodeComponent(row: Uint8Array, start: number, length: number, out: Uint8Array, position: number): number {
  const end = start + length;
  let x = start;
  while (x < end) {
    let runStart = x;
    let runLength = 0;
    while (runStart < end) {
      const value = row[runStart];
      runLength = 1;
      while (runStart + runLength < end && runLength < MAX_RUN && row[runStart + runLength] === value) runLength++;
      if (runLength >= MIN_RUN) break;
      runStart += runLength;
    }
    const literalEnd = runStart < end ? runStart : end;
    while (x < literalEnd) {
      const count = Math.min(MAX_LITERALS, literalEnd - x);
      out[position++] = count;
      out.set(row.subarray(x, x + count), position);
      position += count;
      x += count;
    }
    if (runStart < end) {
      out[position++] = 128 + runLength;
      out[position++] = row[runStart];
      x = runStart + runLength;
    }
  }
  return position;
}

/**
 * Encodes an RGB or grey image (grey is written as R = G = B) as a Radiance picture in the standard
 * `-Y H +X W` orientation. Scanlines are new-style RLE where the width allows it (8 to 32767 pixels) and
 * flat otherwise. See {@link quantisePixel} for rounding, clamping and the error bound.
 */
export function encodeRgbe(image: HdrImage): Uint8Array {
  const { width, height, channels, data } = image;
  if (channels === 4) {
    throw new Error('RGBE cannot store alpha: drop the alpha channel (keep R, G, B) before encoding');
  }
  const header = new TextEncoder().encode(`#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y ${height} +X ${width}\n`);
  const rle = canRunLengthEncode(width);
  const lineBound = rle ? 4 + 4 * (width + Math.ceil(width / MAX_LITERALS)) : 4 * width;
  const out = new Uint8Array(header.length + height * lineBound);
  out.set(header);
  let position = header.length;
  const row = new Uint8Array(4 * width);
  const greenOffset = channels === 1 ? 0 : 1;
  const blueOffset = channels === 1 ? 0 : 2;
  for (let y = 0; y < height; y++) {
    const rowStart = y * width * channels;
    if (!rle) {
      for (let x = 0, i = rowStart; x < width; x++, i += channels) {
        quantisePixel(data[i], data[i + greenOffset], data[i + blueOffset], out, position + 4 * x, 1);
      }
      position += 4 * width;
      continue;
    }
    for (let x = 0, i = rowStart; x < width; x++, i += channels) {
      quantisePixel(data[i], data[i + greenOffset], data[i + blueOffset], row, x, width);
    }
    out[position] = 2;
    out[position + 1] = 2;
    out[position + 2] = width >> 8;
    out[position + 3] = width & 0xff;
    position += 4;
    for (let component = 0; component < 4; component++) {
      position = encodeComponent(row, component * width, width, out, position);
    }
  }
  return out.slice(0, position);
}
