import { createHdrImage, type ChannelCount, type HdrImage } from '../../image/hdr-image.js';
import { ExrPixelType, type ExrBlockChannel } from './compression/types.js';
import { halfBitsTable } from './half.js';

/**
 * Gathers uncompressed blocks (per line, per stored channel, `width` little-endian samples) into one
 * interleaved float32 image. HALF goes through the lookup table, FLOAT is copied as bits (so NaN
 * payloads survive), UINT becomes its integer value.
 */
export class ExrImageAssembler {
  readonly image: HdrImage;
  private readonly bits: Uint32Array;
  private readonly types: Uint8Array;
  private readonly sampleBytes: Uint8Array;
  private readonly targets: Int32Array;
  /** Holds one line of one 32-bit channel whose samples are not 4-byte aligned in the block. */
  private readonly unaligned: Uint8Array;
  /**
   * When every output channel comes from a HALF channel: for output channel j, the index (in 16-bit
   * units per pixel of line width) where its samples start within a block line. Undefined otherwise.
   */
  private readonly halfSources: Int32Array | undefined;
  /** 16-bit units per pixel of a block line (all stored channels). */
  private readonly halfUnitsPerPixel: number;

  constructor(
    width: number,
    height: number,
    channels: ChannelCount,
    stored: readonly ExrBlockChannel[],
    targets: readonly number[],
    maxBlockWidth: number,
  ) {
    this.image = createHdrImage(width, height, channels);
    this.bits = new Uint32Array(this.image.data.buffer, this.image.data.byteOffset, this.image.data.length);
    this.types = Uint8Array.from(stored, (channel) => channel.pixelType);
    this.sampleBytes = Uint8Array.from(stored, (channel) => channel.bytesPerSample);
    this.targets = Int32Array.from(targets);
    this.unaligned = new Uint8Array(4 * maxBlockWidth);
    this.halfUnitsPerPixel = stored.reduce((sum, channel) => sum + channel.bytesPerSample / 2, 0);
    this.halfSources = halfSourcesOf(stored, targets, channels);
  }

  /** Places a block of `width` x `lines` pixels whose top-left pixel is (x, y) in the image. */
  place(block: Uint8Array, x: number, y: number, width: number, lines: number): void {
    // A copy through the Uint8Array constructor: Buffer.prototype.slice would return a view.
    const raw = block.byteOffset % 4 === 0 ? block : new Uint8Array(block);
    const halves = new Uint16Array(raw.buffer, raw.byteOffset, raw.byteLength >> 1);
    if (this.halfSources) {
      placeHalfPixels(this.bits, this.image, halves, this.halfSources, this.halfUnitsPerPixel, x, y, width, lines);
      return;
    }
    const words = new Uint32Array(raw.buffer, raw.byteOffset, raw.byteLength >> 2);
    const unalignedWords = new Uint32Array(this.unaligned.buffer, 0, width);
    const { data, width: imageWidth, channels: stride } = this.image;
    const { bits, types, sampleBytes, targets } = this;
    const table = halfBitsTable;
    const channelCount = types.length;
    let at = 0;
    for (let line = 0; line < lines; line++) {
      const rowStart = ((y + line) * imageWidth + x) * stride;
      for (let c = 0; c < channelCount; c++) {
        const target = targets[c];
        if (target >= 0) {
          let d = rowStart + target;
          if (types[c] === ExrPixelType.Half) {
            const end = (at >> 1) + width;
            for (let s = at >> 1; s < end; s++, d += stride) bits[d] = table[halves[s]];
          } else {
            let source = words;
            let s = at >> 2;
            if (at % 4 !== 0) {
              this.unaligned.set(raw.subarray(at, at + 4 * width));
              source = unalignedWords;
              s = 0;
            }
            const end = s + width;
            if (types[c] === ExrPixelType.Float) {
              for (; s < end; s++, d += stride) bits[d] = source[s];
            } else {
              for (; s < end; s++, d += stride) data[d] = source[s];
            }
          }
        }
        at += width * sampleBytes[c];
      }
    }
  }
}

function halfSourcesOf(
  stored: readonly ExrBlockChannel[],
  targets: readonly number[],
  channels: ChannelCount,
): Int32Array | undefined {
  const sources = new Int32Array(channels).fill(-1);
  let units = 0;
  for (let c = 0; c < stored.length; c++) {
    const target = targets[c];
    if (target >= 0) {
      if (stored[c].pixelType !== ExrPixelType.Half || sources[target] !== -1) return undefined;
      sources[target] = units;
    }
    units += stored[c].bytesPerSample / 2;
  }
  return sources.includes(-1) ? undefined : sources;
}

/**
 * The common case (all decoded channels HALF) walks each line pixel by pixel so the output is written
 * contiguously: about 2.5x faster than filling one strided channel at a time.
 */
function placeHalfPixels(
  bits: Uint32Array,
  image: HdrImage,
  halves: Uint16Array,
  sources: Int32Array,
  unitsPerPixel: number,
  x: number,
  y: number,
  width: number,
  lines: number,
): void {
  const table = halfBitsTable;
  const stride = image.channels;
  const lineUnits = unitsPerPixel * width;
  for (let line = 0; line < lines; line++) {
    let d = ((y + line) * image.width + x) * stride;
    const base = line * lineUnits;
    const s0 = base + sources[0] * width;
    if (stride === 1) {
      for (let i = 0; i < width; i++) bits[d++] = table[halves[s0 + i]];
      continue;
    }
    const s1 = base + sources[1] * width;
    const s2 = base + sources[2] * width;
    if (stride === 3) {
      for (let i = 0; i < width; i++, d += 3) {
        bits[d] = table[halves[s0 + i]];
        bits[d + 1] = table[halves[s1 + i]];
        bits[d + 2] = table[halves[s2 + i]];
      }
      continue;
    }
    const s3 = base + sources[3] * width;
    for (let i = 0; i < width; i++, d += 4) {
      bits[d] = table[halves[s0 + i]];
      bits[d + 1] = table[halves[s1 + i]];
      bits[d + 2] = table[halves[s2 + i]];
      bits[d + 3] = table[halves[s3 + i]];
    }
  }
}
