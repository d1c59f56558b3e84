import { halfTable } from '../../half.js';
import { ExrPixelType, type ExrBlockLayout } from '../types.js';
import type { DwaBlockOutput } from './block-output.js';
import { AC_END_OF_BLOCK } from './ac.js';
import { dwaError } from './dwa-error.js';
import { roundFloatBitsToHalf } from './half-rounding.js';
import { inverseDct8x8, inverseDctDcOnly } from './idct.js';
import { toLinearTable } from './to-linear.js';

/** Natural (row-major) position of each zig-zag index in an 8x8 block. */
const ZIGZAG_TO_NATURAL = Uint8Array.of(
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55,
  62, 63,
);

/** Rows of the block that can hold non-zero coefficients when the last coded zig-zag index is i. */
const ROWS_IN_USE = new Uint8Array(64);
for (let i = 0, rows = 0; i < 64; i++) {
  rows = Math.max(rows, (ZIGZAG_TO_NATURAL[i] >> 3) + 1);
  ROWS_IN_USE[i] = rows;
}

const fround = Math.fround;
/** A module-local reference: transpiled imports can become getters, too slow for per-sample use. */
const HALF_TO_FLOAT = halfTable;
/** Inverse Rec. 709 Y'CbCr, with the coefficients of OpenEXR's csc709Inverse. */
const CR_TO_R = fround(1.5747);
const CB_TO_G = fround(0.1873);
const CR_TO_G = fround(0.4682);
const CB_TO_B = fround(1.8556);

let halfAsFloatBits: Uint32Array | undefined;

/** Float32 bit patterns of every half, for FLOAT channels coded lossily (they keep half precision). */
function floatBitsOfHalves(): Uint32Array {
  halfAsFloatBits ??= new Uint32Array(Float32Array.from(HALF_TO_FLOAT).buffer);
  return halfAsFloatBits;
}

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
const dcOnly = new Uint8Array(3);

function writeBlock(
  output: DwaBlockOutput,
  channelIndex: number,
  isFloat: boolean,
  toLinear: Uint16Array,
  bits: Uint32Array,
  firstLine: number,
  firstX: number,
  lines: number,
  columns: number,
): void {
  const { words, lineStride, channelOffsets } = output;
  if (isFloat) {
    const floatBits = floatBitsOfHalves();
    for (let y = 0; y < lines; y++) {
      let to = ((firstLine + y) * lineStride + channelOffsets[channelIndex]) / 2 + firstX * 2;
      for (let x = 0, from = y * 8; x < columns; x++, from++, to += 2) {
        const value = floatBits[toLinear[roundFloatBitsToHalf(bits[from])]];
        words[to] = value & 0xffff;
        words[to + 1] = value >>> 16;
      }
    }
    return;
  }
  for (let y = 0; y < lines; y++) {
    const to = ((firstLine + y) * lineStride + channelOffsets[channelIndex]) / 2 + firstX;
    for (let x = 0, from = y * 8; x < columns; x++, from++) words[to + x] = toLinear[roundFloatBitsToHalf(bits[from])];
  }
}

function fillBlock(
  output: DwaBlockOutput,
  channelIndex: number,
  isFloat: boolean,
  half: number,
  firstLine: number,
  firstX: number,
  lines: number,
  columns: number,
): void {
  const { words, lineStride, channelOffsets } = output;
  for (let y = 0; y < lines; y++) {
    const to = ((firstLine + y) * lineStride + channelOffsets[channelIndex]) / 2;
    if (isFloat) {
      const value = floatBitsOfHalves()[half];
      for (let x = 0, at = to + firstX * 2; x < columns; x++, at += 2) {
        words[at] = value & 0xffff;
        words[at + 1] = value >>> 16;
      }
    } else {
      words.fill(half, to + firstX, to + firstX + columns);
    }
  }
}

function convertYCbCr(y: Float32Array, cb: Float32Array, cr: Float32Array): void {
  for (let i = 0; i < 64; i++) {
    const luma = y[i];
    const blueDifference = cb[i];
    const redDifference = cr[i];
    y[i] = luma + fround(redDifference * CR_TO_R);
    cb[i] = fround(luma - fround(blueDifference * CB_TO_G)) - fround(redDifference * CR_TO_G);
    cr[i] = luma + fround(blueDifference * CB_TO_B);
  }
}

function convertConstantYCbCr(): void {
  const luma = constants[0];
  const blueDifference = constants[1];
  const redDifference = constants[2];
  constants[0] = luma + fround(redDifference * CR_TO_R);
  constants[1] = fround(luma - fround(blueDifference * CB_TO_G)) - fround(redDifference * CR_TO_G);
  constants[2] = luma + fround(blueDifference * CB_TO_B);
}

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
  const isFloat = channelIndices.map((index) => layout.channels[index].pixelType === ExrPixelType.Float);
  const { ac, dc } = streams;
  const { acCount } = streams;
  const toLinear = toLinearTable();
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
          if (value === AC_END_OF_BLOCK) break;
          if (value > AC_END_OF_BLOCK) {
            k += value & 0xff;
            continue;
          }
          block[ZIGZAG_TO_NATURAL[k]] = HALF_TO_FLOAT[value];
          last = k++;
        }
        if (acAt > acCount) {
          throw dwaError(layout, streams.acSectionAt, 'enough DWA AC values for every block', `all ${acCount} are used up`);
        }
        if (last === 0) {
          dcOnly[c] = 1;
          constants[c] = inverseDctDcOnly(dcValue);
          continue;
        }
        dcOnly[c] = 0;
        constant = false;
        block[0] = dcValue;
        const rows = ROWS_IN_USE[last];
        inverseDct8x8(block, spatial[c], rows);
        block.fill(0, 0, rows * 8);
      }
      const firstLine = blockY * 8;
      const firstX = blockX * 8;
      if (constant) {
        if (components === 3) convertConstantYCbCr();
        for (let c = 0; c < components; c++) {
          const half = toLinear[roundFloatBitsToHalf(constantBits[c])];
          fillBlock(output, channelIndices[c], isFloat[c], half, firstLine, firstX, blockLines, blockColumns);
        }
        continue;
      }
      for (let c = 0; c < components; c++) if (dcOnly[c]) spatial[c].fill(constants[c]);
      if (components === 3) convertYCbCr(spatial[0], spatial[1], spatial[2]);
      for (let c = 0; c < components; c++) {
        writeBlock(output, channelIndices[c], isFloat[c], toLinear, spatialBits[c], firstLine, firstX, blockLines, blockColumns);
      }
    }
  }
  streams.acAt = acAt;
}
