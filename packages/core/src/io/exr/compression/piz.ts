import { HdrFormatError } from '../../errors.js';
import { decodeHuffman } from './huffman/decode.js';
import { readHuffmanSection, type HuffmanSection } from './huffman/section.js';
import { decodeHuffmanInKernel, KERNEL_STREAM_PADDING } from './kernel/huffman.js';
import { align16, decodingKernel, kernelScratchStart, reserveKernelMemory } from './kernel/instance.js';
import { readPizValueTable } from './piz-bitmap.js';
import { inverseHaarWavelet } from './piz-wavelet.js';
import type { ExrBlockLayout } from './types.js';

/** The value table in kernel memory: one Uint16 per 16-bit value, ahead of the planes. */
const VALUE_TABLE_BYTES = 65536 * 2;

/**
 * PIZ: the block's 16-bit words (HALF samples, or the two halves of each FLOAT/UINT sample) are stored per
 * channel as planes, each replaced by its rank among the values present (a bitmap lists them), transformed by
 * a 2D Haar wavelet per plane, then Huffman-coded as one stream. Decoding undoes the steps in reverse and
 * interleaves the planes back into OpenEXR's per-line, per-channel layout.
 */
export function decompressPiz(compressed: Uint8Array, layout: ExrBlockLayout): Uint8Array {
  const { width, lines, channels, source, offset } = layout;
  const planeStarts = new Int32Array(channels.length);
  const wordsPerSample = new Int32Array(channels.length);
  let valueCount = 0;
  for (let c = 0; c < channels.length; c++) {
    const bytes = channels[c].bytesPerSample;
    if (bytes !== 2 && bytes !== 4) {
      const detail = `${channels[c].name}: ${String(bytes)}`;
      throw new HdrFormatError(source, 'PIZ channels of 2 or 4 bytes per sample', offset, detail);
    }
    planeStarts[c] = valueCount;
    wordsPerSample[c] = bytes / 2;
    valueCount += width * wordsPerSample[c] * lines;
  }
  if (valueCount * 2 !== layout.uncompressedSize) {
    throw new HdrFormatError(
      source,
      `a PIZ block of ${valueCount * 2} bytes for ${width}x${lines} pixels`,
      offset,
      `the block is declared as ${layout.uncompressedSize} bytes`,
    );
  }
  const out = new Uint8Array(valueCount * 2);
  if (valueCount === 0) return out;

  const { values, maxIndex, end } = readPizValueTable(compressed, source, offset);
  if (end + 4 > compressed.length) {
    throw new HdrFormatError(source, 'the PIZ Huffman data length (4 bytes)', offset + end, 'the chunk ends');
  }
  const huffmanLength =
    (compressed[end] | (compressed[end + 1] << 8) | (compressed[end + 2] << 16) | (compressed[end + 3] << 24)) >>> 0;
  if (huffmanLength > compressed.length - end - 4) {
    throw new HdrFormatError(
      source,
      `${huffmanLength} bytes of PIZ Huffman data`,
      offset + end,
      `only ${compressed.length - end - 4} bytes remain`,
    );
  }
  const section = readHuffmanSection(compressed, end + 4, huffmanLength, source, offset);
  const valuesAt = kernelScratchStart();
  const planesAt = valuesAt + VALUE_TABLE_BYTES;
  const planes = decodePlanes(compressed, section, planesAt, valueCount, layout);
  new Uint16Array(decodingKernel().memory.buffer, valuesAt, values.length).set(values);

  for (let c = 0; c < channels.length; c++) {
    const words = wordsPerSample[c];
    for (let word = 0; word < words; word++) {
      const plane = { start: planeStarts[c] + word, nx: width, xStride: words, ny: lines, yStride: width * words };
      inverseHaarWavelet(planesAt, plane, maxIndex, valuesAt);
    }
  }
  interleaveLines(planes, planeStarts, wordsPerSample, width, lines, new Uint16Array(out.buffer));
  return out;
}

/**
 * Huffman-decodes the block's planes into kernel memory at `planesAt`, where the wavelet stage then runs; the
 * WebAssembly decoder fills them, and sections it hands over go to the TypeScript decoder, which also reports
 * damage. The view is valid until kernel memory next grows. Kernel memory is little-endian, as the block is.
 */
function decodePlanes(
  compressed: Uint8Array,
  section: HuffmanSection,
  planesAt: number,
  valueCount: number,
  layout: ExrBlockLayout,
): Uint16Array {
  const streamAt = planesAt + align16(valueCount * 2);
  if (!reserveKernelMemory(streamAt + section.streamBytes + KERNEL_STREAM_PADDING)) {
    const detail = `${valueCount} values and ${section.streamBytes} bytes of codes`;
    throw new HdrFormatError(layout.source, 'a PIZ block that fits in WebAssembly memory', layout.offset, detail);
  }
  const planes = new Uint16Array(decodingKernel().memory.buffer, planesAt, valueCount);
  if (!decodeHuffmanInKernel(compressed, section, streamAt, planesAt, valueCount)) {
    decodeHuffman(compressed, section, planes, layout.source, layout.offset);
  }
  return planes;
}

// The loops below sit in functions of their own so that each is optimised with the type feedback of its own
// first run (a loop compiled inside a larger function before the code after it has run deoptimises there).

/** Planes hold each channel's lines one after another; the block holds each line's channels one after another. */
function interleaveLines(
  planes: Uint16Array,
  planeStarts: Int32Array,
  wordsPerSample: Int32Array,
  width: number,
  lines: number,
  out: Uint16Array,
): void {
  let at = 0;
  for (let line = 0; line < lines; line++) {
    for (let c = 0; c < planeStarts.length; c++) {
      const rowLength = width * wordsPerSample[c];
      const from = planeStarts[c] + line * rowLength;
      out.set(planes.subarray(from, from + rowLength), at);
      at += rowLength;
    }
  }
}
