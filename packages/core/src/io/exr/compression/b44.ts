import { HdrFormatError } from '../../errors.js';
import { FLAT_BLOCK_BYTES, FULL_BLOCK_BYTES, flatBlockValue, isFlatBlock, unpackFullBlock } from './b44-block.js';
import { pLinearDecodeTable } from './b44-plinear.js';
import { ExrPixelType, type ExrBlockChannel, type ExrBlockLayout } from './types.js';

/**
 * B44 and B44A chunks store each channel in turn, in the layout's channel order: a HALF channel as 4x4
 * blocks, left to right then top to bottom (blocks at the right and bottom edges cover padding the
 * decoder drops), and a FLOAT or UINT channel as its raw little-endian samples, line after line.
 * The two variants differ only in whether the writer used 3-byte flat blocks, which the stream marks
 * itself, so one decoder serves both.
 */

/** Where one channel's samples go in the line-interleaved output, counted in 16-bit words. */
interface ChannelTarget {
  /** Words from the start of a line to the channel's first sample. */
  readonly start: number;
  /** Words per line of the whole block. */
  readonly lineWords: number;
}

const blockSamples = new Uint16Array(16);

function truncated(layout: ExrBlockLayout, channel: ExrBlockChannel, at: number, needed: number, have: number) {
  return new HdrFormatError(
    layout.source,
    `${needed} more bytes of B44 data for channel ${channel.name}`,
    layout.offset + at,
    `the chunk ends after ${have}`,
  );
}

/**
 * Decodes one HALF channel's blocks from `at` and returns where they end. Output is written through a
 * 16-bit view in host order: the EXR reader already assumes a little-endian host when it reads blocks.
 */
function decodeHalfChannel(
  compressed: Uint8Array,
  at: number,
  output: Uint16Array,
  target: ChannelTarget,
  layout: ExrBlockLayout,
  channel: ExrBlockChannel,
): number {
  const { width, lines } = layout;
  const { start, lineWords } = target;
  const end = compressed.length;
  const samples = blockSamples;
  const logTable = 'pLinear' in channel && channel.pLinear === true ? pLinearDecodeTable() : undefined;
  let position = at;
  for (let top = 0; top < lines; top += 4) {
    const rows = Math.min(4, lines - top);
    const rowStart = top * lineWords + start;
    for (let left = 0; left < width; left += 4) {
      if (position + FLAT_BLOCK_BYTES > end) {
        throw truncated(layout, channel, position, FLAT_BLOCK_BYTES, end - position);
      }
      const columns = Math.min(4, width - left);
      const whole = rows === 4 && columns === 4 && logTable === undefined;
      const first = rowStart + left;
      if (isFlatBlock(compressed, position)) {
        const bits = flatBlockValue(compressed, position);
        const value = logTable === undefined ? bits : logTable[bits];
        position += FLAT_BLOCK_BYTES;
        for (let row = 0, o = first; row < rows; row++, o += lineWords) {
          for (let column = 0; column < columns; column++) output[o + column] = value;
        }
        continue;
      }
      if (position + FULL_BLOCK_BYTES > end) {
        throw truncated(layout, channel, position, FULL_BLOCK_BYTES, end - position);
      }
      if (whole) {
        unpackFullBlock(compressed, position, output, first, lineWords);
      } else {
        unpackFullBlock(compressed, position, samples, 0, 4);
        for (let row = 0, o = first; row < rows; row++, o += lineWords) {
          for (let column = 0; column < columns; column++) {
            const bits = samples[row * 4 + column];
            output[o + column] = logTable === undefined ? bits : logTable[bits];
          }
        }
      }
      position += FULL_BLOCK_BYTES;
    }
  }
  return position;
}

/** Copies one FLOAT or UINT channel, stored as whole lines of raw samples, and returns where it ends. */
function copyRawChannel(
  compressed: Uint8Array,
  at: number,
  output: Uint8Array,
  lineBytes: number,
  channelStart: number,
  layout: ExrBlockLayout,
  channel: ExrBlockChannel,
): number {
  const channelLineBytes = layout.width * channel.bytesPerSample;
  const needed = channelLineBytes * layout.lines;
  if (at + needed > compressed.length) throw truncated(layout, channel, at, needed, compressed.length - at);
  for (let line = 0, from = at; line < layout.lines; line++, from += channelLineBytes) {
    output.set(compressed.subarray(from, from + channelLineBytes), line * lineBytes + channelStart);
  }
  return at + needed;
}

function checkLayout(layout: ExrBlockLayout): number {
  const { channels, width, lines, uncompressedSize } = layout;
  let lineBytes = 0;
  let consistent = Number.isSafeInteger(width) && Number.isSafeInteger(lines) && width >= 0 && lines >= 0;
  for (const channel of channels) {
    lineBytes += channel.bytesPerSample * width;
    if (channel.pixelType === ExrPixelType.Half && channel.bytesPerSample !== 2) consistent = false;
  }
  if (!consistent || lineBytes * lines !== uncompressedSize) {
    throw new HdrFormatError(
      layout.source,
      `a B44 block of ${width} x ${lines} pixels in ${channels.length} channels`,
      layout.offset,
      `the block should hold ${uncompressedSize} bytes`,
    );
  }
  return lineBytes;
}

export function decompressB44(compressed: Uint8Array, layout: ExrBlockLayout): Uint8Array {
  const lineBytes = checkLayout(layout);
  const output = new Uint8Array(layout.uncompressedSize);
  const words = new Uint16Array(output.buffer, 0, output.length >> 1);
  let at = 0;
  let channelStart = 0;
  for (const channel of layout.channels) {
    if (channel.pixelType === ExrPixelType.Half) {
      const target = { start: channelStart >> 1, lineWords: lineBytes >> 1 };
      at = decodeHalfChannel(compressed, at, words, target, layout, channel);
    } else {
      at = copyRawChannel(compressed, at, output, lineBytes, channelStart, layout, channel);
    }
    channelStart += channel.bytesPerSample * layout.width;
  }
  if (at !== compressed.length) {
    throw new HdrFormatError(
      layout.source,
      `B44 data ending after ${at} bytes`,
      layout.offset + at,
      `the chunk holds ${compressed.length - at} more`,
    );
  }
  return output;
}
