import { halfTable } from '../../half.js';
import { roundFloatBitsToHalf } from './half-rounding.js';

/**
 * The last step of a lossy block: float samples (as bit patterns) rounded to half, mapped back to linear
 * light through the to-linear table, and stored into the output block. A HALF channel takes the half as
 * is; a FLOAT channel takes its float value, so it keeps half precision like OpenEXR's output.
 */
export interface BlockTarget {
  readonly words: Uint16Array;
  /** Words from one line of the block to the next. */
  readonly wordStride: number;
  readonly isFloat: boolean;
  /** Where the current block goes: moved from block to block, so one target serves a whole channel. */
  firstWord: number;
  lines: number;
  columns: number;
}

/**
 * Module-local references: some transpilers (test runners, CJS bundles) turn imports into getters,
 * far too slow for a per-sample call.
 */
const HALF_TO_FLOAT = halfTable;
const roundToHalf = roundFloatBitsToHalf;

let halfAsFloatBits: Uint32Array | undefined;

function floatBitsOfHalves(): Uint32Array {
  halfAsFloatBits ??= new Uint32Array(Float32Array.from(HALF_TO_FLOAT).buffer);
  return halfAsFloatBits;
}

/** Writes an 8x8 block of float bit patterns, cropped to the target's lines and columns. */
export function writeBlock(target: BlockTarget, bits: Uint32Array, toLinear: Uint16Array): void {
  const { words, wordStride, lines, columns } = target;
  if (target.isFloat) {
    const floatBits = floatBitsOfHalves();
    for (let y = 0; y < lines; y++) {
      let to = target.firstWord + y * wordStride;
      for (let x = 0, from = y * 8; x < columns; x++, from++, to += 2) {
        const value = floatBits[toLinear[roundToHalf(bits[from])]];
        words[to] = value & 0xffff;
        words[to + 1] = value >>> 16;
      }
    }
    return;
  }
  for (let y = 0; y < lines; y++) {
    const to = target.firstWord + y * wordStride;
    for (let x = 0, from = y * 8; x < columns; x++, from++) words[to + x] = toLinear[roundToHalf(bits[from])];
  }
}

/** Fills the block with one value, given as the bit pattern of a float. */
export function fillBlock(target: BlockTarget, bits: number, toLinear: Uint16Array): void {
  const { words, wordStride, lines, columns } = target;
  const half = toLinear[roundToHalf(bits)];
  if (target.isFloat) {
    const value = floatBitsOfHalves()[half];
    for (let y = 0; y < lines; y++) {
      for (let x = 0, to = target.firstWord + y * wordStride; x < columns; x++, to += 2) {
        words[to] = value & 0xffff;
        words[to + 1] = value >>> 16;
      }
    }
    return;
  }
  for (let y = 0; y < lines; y++) {
    const to = target.firstWord + y * wordStride;
    words.fill(half, to, to + columns);
  }
}
