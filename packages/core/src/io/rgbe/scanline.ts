import { HdrFormatError } from '../errors.js';

/**
 * Radiance only run-length encodes scanlines of this many pixels: the new-style line header stores the
 * length in 15 bits, and short lines gain nothing. Outside the range every line is flat (or old-style RLE).
 */
export const MIN_RLE_SCANLINE = 8;
export const MAX_RLE_SCANLINE = 0x7fff;

export function canRunLengthEncode(scanlineLength: number): boolean {
  return scanlineLength >= MIN_RLE_SCANLINE && scanlineLength <= MAX_RLE_SCANLINE;
}

/**
 * Reads RGBE scanlines one at a time into a caller-owned buffer of `4 * scanlineLength` bytes. Each line is
 * decoded as Radiance's reader does: a `2, 2, hi, lo` prefix (only where the length allows RLE) starts a
 * new-style line, whose four components follow as separate run/literal streams; anything else is a flat line
 * of 4-byte pixels in which a `1, 1, 1, n` pixel repeats the previous one n times (old-style RLE), with
 * consecutive markers contributing successively higher bytes of the count.
 */
export class RgbeScanlineReader {
  /** Offset of the next unread byte. */
  offset: number;
  /** True when the last line read was new-style, so the buffer holds R..., G..., B..., E... planes. */
  planar = false;
  newStyleLines = 0;
  oldStyleLines = 0;
  flatLines = 0;

  private readonly bytes: Uint8Array;
  private readonly length: number;
  private readonly source: string;
  private readonly rleAllowed: boolean;
  private linesRead = 0;

  constructor(bytes: Uint8Array, offset: number, scanlineLength: number, source: string) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = scanlineLength;
    this.source = source;
    this.rleAllowed = canRunLengthEncode(scanlineLength);
  }

  read(line: Uint8Array): void {
    const bytes = this.bytes;
    const at = this.offset;
    if (at >= bytes.length) {
      throw this.error('another scanline', at, 'file ends before the last scanline');
    }
    if (
      this.rleAllowed && at + 4 <= bytes.length
      && bytes[at] === 2 && bytes[at + 1] === 2 && (bytes[at + 2] & 0x80) === 0
    ) {
      const declared = (bytes[at + 2] << 8) | bytes[at + 3];
      if (declared !== this.length) {
        throw this.error(`a new-style RLE scanline of ${this.length} pixels`, at, `line header says ${declared}`);
      }
      this.offset = this.readNewStyle(line, at + 4);
      this.planar = true;
      this.newStyleLines++;
    } else {
      this.offset = this.readFlat(line, at);
      this.planar = false;
    }
    this.linesRead++;
  }

  private readNewStyle(line: Uint8Array, start: number): number {
    const bytes = this.bytes;
    const available = bytes.length;
    const length = this.length;
    let position = start;
    for (let component = 0; component < 4; component++) {
      let x = component * length;
      const end = x + length;
      while (x < end) {
        if (position >= available) {
          throw this.error('more run-length data', position, 'file ends inside a scanline');
        }
        const code = bytes[position];
        if (code > 128) {
          const count = code - 128;
          if (x + count > end) {
            throw this.error(`a run within the scanline's ${length} pixels`, position, `run of ${count} overflows`);
          }
          if (position + 1 >= available) {
            throw this.error('the value of a run', position + 1, 'file ends inside a scanline');
          }
          const value = bytes[position + 1];
          position += 2;
          // Typed-array fill/set beat a byte loop only once their call overhead is amortised.
          if (count > 16) {
            line.fill(value, x, x + count);
            x += count;
          } else {
            const runEnd = x + count;
            while (x < runEnd) line[x++] = value;
          }
        } else {
          if (code === 0) {
            throw this.error('a non-zero run or literal count', position, 'zero count');
          }
          if (x + code > end) {
            throw this.error(`literals within the scanline's ${length} pixels`, position, `${code} literals overflow`);
          }
          if (position + 1 + code > available) {
            throw this.error(`${code} literal bytes`, position + 1, 'file ends inside a scanline');
          }
          position++;
          if (code > 16) {
            line.set(bytes.subarray(position, position + code), x);
            x += code;
            position += code;
          } else {
            const literalEnd = position + code;
            while (position < literalEnd) line[x++] = bytes[position++];
          }
        }
      }
    }
    return position;
  }

  private readFlat(line: Uint8Array, start: number): number {
    const bytes = this.bytes;
    const end = this.length * 4;
    if (start + end <= bytes.length && !this.hasRunMarker(start, end)) {
      line.set(bytes.subarray(start, start + end));
      this.flatLines++;
      return start + end;
    }
    let position = start;
    let x = 0;
    let shift = 0;
    while (x < end) {
      if (position + 4 > bytes.length) {
        throw this.error('another 4-byte pixel', position, 'file ends inside a scanline');
      }
      const r = bytes[position];
      const g = bytes[position + 1];
      const b = bytes[position + 2];
      const e = bytes[position + 3];
      if (r === 1 && g === 1 && b === 1) {
        if (x === 0) {
          throw this.error('a pixel before an old-style run', position, 'scanline starts with a run');
        }
        const count = e * 2 ** shift;
        if (x + count * 4 > end) {
          throw this.error(`a run within the scanline's ${this.length} pixels`, position, `run of ${count} overflows`);
        }
        const runEnd = x + count * 4;
        while (x < runEnd) {
          line[x] = line[x - 4];
          line[x + 1] = line[x - 3];
          line[x + 2] = line[x - 2];
          line[x + 3] = line[x - 1];
          x += 4;
        }
        shift += 8;
      } else {
        line[x] = r;
        line[x + 1] = g;
        line[x + 2] = b;
        line[x + 3] = e;
        x += 4;
        shift = 0;
      }
      position += 4;
    }
    this.oldStyleLines++;
    return position;
  }

  private hasRunMarker(start: number, length: number): boolean {
    const bytes = this.bytes;
    const end = start + length;
    for (let i = start; i < end; i += 4) {
      if (bytes[i] === 1 && bytes[i + 1] === 1 && bytes[i + 2] === 1) return true;
    }
    return false;
  }

  private error(expected: string, offset: number, detail: string): HdrFormatError {
    return new HdrFormatError(this.source, expected, offset, `scanline ${this.linesRead}: ${detail}`);
  }
}
