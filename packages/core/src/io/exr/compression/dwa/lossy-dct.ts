import { halfTable } from '../../half.js';
import { ExrPixelType, type ExrBlockLayout } from '../types.js';
import type { DwaBlockOutput } from './block-output.js';
import { fillBlock, writeBlock, type BlockTarget } from './block-writer.js';
import { AC_END_OF_BLOCK } from './ac.js';
import { dwaError } from './dwa-error.js';
import { inverseDct8x8, inverseDctDcOnly } from './idct.js';
import { identityHalfTable, toLinearTable } from './to-linear.js';
import { ycbcrToRgb } from './ycbcr.js';

/** Natural (row-major) position of each zig-zag index in an 8x8 block. */
const ZIGZAG_TO_NATURAL = Uint8Array.of(
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
  12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
  58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
);

/** Rows of the block that can hold non-zero coefficients when the last coded zig-zag index is i. */
const ROWS_IN_USE = new Uint8Array(64);
for (let i = 0, rows = 0; i < 64; i++) {
  rows = Math.max(rows, (ZIGZAG_TO_NATURAL[i] >> 3) + 1);
  ROWS_IN_USE[i] = rows;
}

/**
 * Module-local references: some transpilers (test runners, CJS bundles) turn imports into getters, too
 * slow for per-sample and per-block use.
 */
const HALF_TO_FLOAT = halfTable;
const END_OF_BLOCK = AC_END_OF_BLOCK;
const transformBlock = inverseDct8x8;
const transformDcOnly = inverseDctDcOnly;
const convertToRgb = ycbcrToRgb;
const write = writeBlock;
const fill = fillBlock;

/** The AC and DC values all lossy channels of the chunk share, consumed in the writer's order. */
export interface DctCoefficientStreams {
  /** `acCount` values, then end-of-block padding. */
  readonly ac: Uint16Array;
  readonly acCount: number;
  acAt: number;
  readonly dc: Uint16Array;
  dcAt: number;
  /** Chunk offset of the AC section, for error messages. */
  readonly acSectionAt: number;
}

const coefficients = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];
const spatial = [new Float32Array(64), new Float32Array(64), new Float32Array(64)];
const spatialBits = spatial.map((block) => new Uint32Array(block.buffer));
const constants = new Float32Array(3);
const constantBits = new Uint32Array(constants.buffer);
const constantComponents = [0, 1, 2].map((c) => constants.subarray(c, c + 1));
const dcOnly = new Uint8Array(3);

/**
 * Decodes one lossy group (a single channel, or an R, G, B set stored as Y'CbCr) block by block: DC from
 * its plane, AC expanded from zig-zag runs, inverse DCT, colour conversion, rounding to half, then the
 * perceptual-to-linear table. Constant blocks (no AC in any component) are converted once and filled.
 */
export function decodeLossyDct(
  streams: DctCoefficientStreams,
  channelIndices: readonly number[],
  output: DwaBlockOutput,
  layout: ExrBlockLayout,
): void {
  const { width, lines } = layout;
  const components = channelIndices.length;
  const blocksX = (width + 7) >> 3;
  const blocksY = (lines + 7) >> 3;
  const blockCount = blocksX * blocksY;
  const dcStart = streams.dcAt;
  streams.dcAt += components * blockCount;
  const { ac, dc, acCount } = streams;
  const wordStride = output.lineStride / 2;
  const targets: BlockTarget[] = channelIndices.map((index) => ({
    words: output.words,
    firstWord: 0,
    wordStride,
    isFloat: layout.channels[index].pixelType === ExrPixelType.Float,
    lines: 0,
    columns: 0,
  }));
  const toLinear =
    components === 1 && layout.channels[channelIndices[0]].pLinear ? identityHalfTable() : toLinearTable();
  let acAt = streams.acAt;
  for (let blockY = 0; blockY < blocksY; blockY++) {
    const blockLines = Math.min(8, lines - blockY * 8);
    for (let blockX = 0; blockX < blocksX; blockX++) {
      const blockColumns = Math.min(8, width - blockX * 8);
      let constant = true;
      for (let c = 0; c < components; c++) {
        const dcValue = HALF_TO_FLOAT[dc[dcStart + c * blockCount + blockY * blocksX + blockX]];
        const block = coefficients[c];
        let last = 0;
        for (let k = 1; k < 64; ) {
          const value = ac[acAt++];
          if (value === END_OF_BLOCK) break;
          if (value > END_OF_BLOCK) {
            k += value & 0xff;
            continue;
          }
          block[ZIGZAG_TO_NATURAL[k]] = HALF_TO_FLOAT[value];
          last = k++;
        }
        if (acAt > acCount) {
          const detail = `all ${acCount} are used up`;
          throw dwaError(layout, streams.acSectionAt, 'enough DWA AC values for every block', detail);
        }
        if (last === 0) {
          dcOnly[c] = 1;
          constants[c] = transformDcOnly(dcValue);
          continue;
        }
        dcOnly[c] = 0;
        constant = false;
        block[0] = dcValue;
        const rows = ROWS_IN_USE[last];
        transformBlock(block, spatial[c], rows);
        block.fill(0, 0, rows * 8);
      }
      for (let c = 0; c < components; c++) {
        const target = targets[c];
        const sampleWords = target.isFloat ? 2 : 1;
        const lineStart = blockY * 8 * output.lineStride + output.channelOffsets[channelIndices[c]];
        target.firstWord = lineStart / 2 + blockX * 8 * sampleWords;
        target.lines = blockLines;
        target.columns = blockColumns;
      }
      if (constant) {
        if (components === 3) convertToRgb(constantComponents[0], constantComponents[1], constantComponents[2], 1);
        for (let c = 0; c < components; c++) fill(targets[c], constantBits[c], toLinear);
        continue;
      }
      for (let c = 0; c < components; c++) if (dcOnly[c]) spatial[c].fill(constants[c]);
      if (components === 3) convertToRgb(spatial[0], spatial[1], spatial[2], 64);
      for (let c = 0; c < components; c++) write(targets[c], spatialBits[c], toLinear);
    }
  }
  streams.acAt = acAt;
}
