import { roundToHalf } from './half-rounding';
import { inverseDct8x8, inverseDctDcOnly } from './idct';

/**
 * The decoding kernel's entry point, shared by DWA and PIZ. Here, DWA's per-block path of the lossy
 * channels: AC expansion from the run-length coded values, inverse DCT, Y'CbCr -> R'G'B', rounding to
 * half, the perceptual-to-linear table and the store into OpenEXR's uncompressed layout. The host lays
 * out the chunk's buffers in this module's memory and validates every count and offset beforehand; the
 * block path only reports running out of AC values. The Huffman decoder (DWA's AC values, PIZ's wavelet
 * planes), DWA's RLE plane interleaving and PIZ's inverse wavelet are exported alongside.
 */

/** Natural position, transposed (column * 8 + row), of each zig-zag index: the layout the IDCT reads. */
const ZIGZAG_TO_TRANSPOSED = memory.data<u8>([
  0, 8, 1, 2, 9, 16, 24, 17, 10, 3, 4, 11, 18, 25, 32, 40,
  33, 26, 19, 12, 5, 6, 13, 20, 27, 34, 41, 48, 56, 49, 42, 35,
  28, 21, 14, 7, 15, 22, 29, 36, 43, 50, 57, 58, 51, 44, 37, 30,
  23, 31, 38, 45, 52, 59, 60, 53, 46, 39, 47, 54, 61, 62, 55, 63,
]);

/** Rows of the block that can hold non-zero coefficients when the last coded zig-zag index is i. */
const ROWS_IN_USE = memory.data<u8>([
  1, 1, 2, 3, 3, 3, 3, 3, 3, 4, 5, 5, 5, 5, 5, 5,
  5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 7, 8, 8, 8, 8,
  8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
  8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
]);

const AC_END_OF_BLOCK: u32 = 0xff00;
const MAX_COMPONENTS = 3;
const CR_TO_R: f32 = 1.5747;
const CB_TO_G: f32 = 0.1873;
const CR_TO_G: f32 = 0.4682;
const CB_TO_B: f32 = 1.8556;

const coefficients = memory.data(MAX_COMPONENTS * 256, 16);
const spatial = memory.data(MAX_COMPONENTS * 256, 16);
/** An edge block's rounded samples, as 32-bit table indices, before the cropped store. */
const roundedEdge = memory.data(64 * 4, 16);
/** Per component: byte offset of its channel within a line, and whether that channel is FLOAT. */
const channelOffsets = memory.data(MAX_COMPONENTS * 4, 4);
const channelIsFloat = memory.data(MAX_COMPONENTS * 4, 4);
const constants = memory.data(MAX_COMPONENTS * 4, 4);
const dcOnly = memory.data(MAX_COMPONENTS * 4, 4);

/** half -> float bits, for the DC and AC coefficients and for FLOAT output of pLinear channels. */
let halfToFloat: usize = 0;
/** half -> linear half (u16), for HALF output. */
let halfToLinearHalf: usize = 0;
/** half -> float bits of the linear half, for FLOAT output. */
let halfToLinearFloat: usize = 0;
/** half -> the same half (u16), for HALF output of pLinear channels. */
let halfToHalf: usize = 0;

/** First byte the host may use: everything below holds this module's tables and scratch blocks. */
export function freeMemoryStart(): usize {
  return (__heap_base + 15) & ~15;
}

/** Where the host put the four 64 Ki-entry tables. */
export function setTables(floatBits: usize, linearHalves: usize, linearFloatBits: usize, identity: usize): void {
  halfToFloat = floatBits;
  halfToLinearHalf = linearHalves;
  halfToLinearFloat = linearFloatBits;
  halfToHalf = identity;
}

/** Describes component `component` of the next group: its channel's line offset in bytes and type. */
export function setChannel(component: i32, lineOffset: i32, isFloat: i32): void {
  store<i32>(channelOffsets + (component << 2), lineOffset);
  store<i32>(channelIsFloat + (component << 2), isFloat);
}

/**
 * Rounds a component's samples to half and stores them through `table` (half -> output sample, 4 bytes
 * for FLOAT channels, 2 for HALF), cropped to `lines` x `columns`.
 */
function storeBlock(component: i32, to: usize, lineStride: i32, lines: i32, columns: i32, table: usize): void {
  const from = spatial + (component << 8);
  const isFloat = load<i32>(channelIsFloat + (component << 2)) !== 0;
  if (columns === 8) {
    for (let y = 0; y < lines; y++) {
      const row = from + (y << 5);
      const line = to + y * lineStride;
      const left = i32x4.shl(roundToHalf(v128.load(row)), isFloat ? 2 : 1);
      const right = i32x4.shl(roundToHalf(v128.load(row, 16)), isFloat ? 2 : 1);
      if (isFloat) {
        store<u32>(line, load<u32>(table + i32x4.extract_lane(left, 0)));
        store<u32>(line, load<u32>(table + i32x4.extract_lane(left, 1)), 4);
        store<u32>(line, load<u32>(table + i32x4.extract_lane(left, 2)), 8);
        store<u32>(line, load<u32>(table + i32x4.extract_lane(left, 3)), 12);
        store<u32>(line, load<u32>(table + i32x4.extract_lane(right, 0)), 16);
        store<u32>(line, load<u32>(table + i32x4.extract_lane(right, 1)), 20);
        store<u32>(line, load<u32>(table + i32x4.extract_lane(right, 2)), 24);
        store<u32>(line, load<u32>(table + i32x4.extract_lane(right, 3)), 28);
      } else {
        store<u16>(line, load<u16>(table + i32x4.extract_lane(left, 0)));
        store<u16>(line, load<u16>(table + i32x4.extract_lane(left, 1)), 2);
        store<u16>(line, load<u16>(table + i32x4.extract_lane(left, 2)), 4);
        store<u16>(line, load<u16>(table + i32x4.extract_lane(left, 3)), 6);
        store<u16>(line, load<u16>(table + i32x4.extract_lane(right, 0)), 8);
        store<u16>(line, load<u16>(table + i32x4.extract_lane(right, 1)), 10);
        store<u16>(line, load<u16>(table + i32x4.extract_lane(right, 2)), 12);
        store<u16>(line, load<u16>(table + i32x4.extract_lane(right, 3)), 14);
      }
    }
    return;
  }
  for (let at: usize = 0; at < 256; at += 16) {
    v128.store(roundedEdge + at, i32x4.shl(roundToHalf(v128.load(from + at)), isFloat ? 2 : 1));
  }
  for (let y = 0; y < lines; y++) {
    const row = roundedEdge + (y << 5);
    const line = to + y * lineStride;
    for (let x = 0; x < columns; x++) {
      const index = <usize>load<u32>(row + (x << 2));
      if (isFloat) store<u32>(line + (x << 2), load<u32>(table + index));
      else store<u16>(line + (x << 1), load<u16>(table + index));
    }
  }
}

function fillBlock(sample: u32, isFloat: bool, to: usize, lineStride: i32, lines: i32, columns: i32): void {
  for (let y = 0; y < lines; y++) {
    const line = to + y * lineStride;
    if (isFloat) {
      for (let x = 0; x < columns; x++) store<u32>(line + (x << 2), sample);
    } else {
      for (let x = 0; x < columns; x++) store<u16>(line + (x << 1), <u16>sample);
    }
  }
}

@inline
function ycbcrToRgb(y: v128, cb: v128, cr: v128, at: usize): void {
  v128.store(spatial + at, f32x4.add(y, f32x4.mul(cr, f32x4.splat(CR_TO_R))));
  const green = f32x4.sub(f32x4.sub(y, f32x4.mul(cb, f32x4.splat(CB_TO_G))), f32x4.mul(cr, f32x4.splat(CR_TO_G)));
  v128.store(spatial + 256 + at, green);
  v128.store(spatial + 512 + at, f32x4.add(y, f32x4.mul(cb, f32x4.splat(CB_TO_B))));
}

/**
 * Decodes one lossy group (1 component, or 3 as Y'CbCr for R, G, B) over a `width` x `lines` block.
 * `dc` points at the group's first DC value, component planes `blocks` values apart; `ac` holds
 * `acCount` values then at least 63 end-of-block codes. Returns the AC index after the group, or -1 when
 * a block starts past `acCount`.
 */
export function decodeGroup(
  components: i32,
  ac: usize,
  acAt: i32,
  acCount: i32,
  dc: usize,
  output: usize,
  lineStride: i32,
  width: i32,
  lines: i32,
  linear: bool,
): i32 {
  const blocksX = (width + 7) >> 3;
  const blocksY = (lines + 7) >> 3;
  const blocks = blocksX * blocksY;
  const halfTable = linear ? halfToLinearHalf : halfToHalf;
  const floatTable = linear ? halfToLinearFloat : halfToFloat;
  for (let blockY = 0; blockY < blocksY; blockY++) {
    const blockLines = min(8, lines - (blockY << 3));
    const lineStart = output + blockY * 8 * lineStride;
    for (let blockX = 0; blockX < blocksX; blockX++) {
      const blockColumns = min(8, width - (blockX << 3));
      const block = blockY * blocksX + blockX;
      let constant = true;
      for (let c = 0; c < components; c++) {
        const dcHalf = <usize>load<u16>(dc + ((c * blocks + block) << 1));
        const dcValue = load<f32>(halfToFloat + (dcHalf << 2));
        const coefficientBlock = coefficients + (c << 8);
        let last = 0;
        for (let k = 1; k < 64; ) {
          const value = <u32>load<u16>(ac + (<usize>acAt << 1));
          acAt++;
          if (value === AC_END_OF_BLOCK) break;
          if (value > AC_END_OF_BLOCK) {
            k += value & 0xff;
            continue;
          }
          const position = <usize>load<u8>(ZIGZAG_TO_TRANSPOSED + k);
          store<f32>(coefficientBlock + (position << 2), load<f32>(halfToFloat + (<usize>value << 2)));
          last = k++;
        }
        if (acAt > acCount) return -1;
        if (last === 0) {
          store<i32>(dcOnly + (c << 2), 1);
          store<f32>(constants + (c << 2), inverseDctDcOnly(dcValue));
          continue;
        }
        store<i32>(dcOnly + (c << 2), 0);
        constant = false;
        store<f32>(coefficientBlock, dcValue);
        inverseDct8x8(coefficientBlock, spatial + (c << 8), load<u8>(ROWS_IN_USE + last));
        const zero = i32x4.splat(0);
        for (let at: usize = 0; at < 256; at += 16) v128.store(coefficientBlock + at, zero);
      }
      if (constant) {
        if (components === 3) {
          const y = load<f32>(constants);
          const cb = load<f32>(constants, 4);
          const cr = load<f32>(constants, 8);
          store<f32>(constants, y + cr * CR_TO_R);
          store<f32>(constants, y - cb * CB_TO_G - cr * CR_TO_G, 4);
          store<f32>(constants, y + cb * CB_TO_B, 8);
        }
        for (let c = 0; c < components; c++) {
          const half = <usize>i32x4.extract_lane(roundToHalf(v128.load32_splat(constants + (c << 2))), 0);
          const isFloat = load<i32>(channelIsFloat + (c << 2)) !== 0;
          const sample = isFloat ? load<u32>(floatTable + (half << 2)) : <u32>load<u16>(halfTable + (half << 1));
          const to = lineStart + load<i32>(channelOffsets + (c << 2)) + (blockX << (isFloat ? 5 : 4));
          fillBlock(sample, isFloat, to, lineStride, blockLines, blockColumns);
        }
        continue;
      }
      for (let c = 0; c < components; c++) {
        if (!load<i32>(dcOnly + (c << 2))) continue;
        const value = v128.load32_splat(constants + (c << 2));
        const to = spatial + (c << 8);
        for (let at: usize = 0; at < 256; at += 16) v128.store(to + at, value);
      }
      if (components === 3) {
        for (let at: usize = 0; at < 256; at += 16) {
          ycbcrToRgb(v128.load(spatial + at), v128.load(spatial + 256 + at), v128.load(spatial + 512 + at), at);
        }
      }
      for (let c = 0; c < components; c++) {
        const isFloat = load<i32>(channelIsFloat + (c << 2)) !== 0;
        const to = lineStart + load<i32>(channelOffsets + (c << 2)) + (blockX << (isFloat ? 5 : 4));
        storeBlock(c, to, lineStride, blockLines, blockColumns, isFloat ? floatTable : halfTable);
      }
    }
  }
  return acAt;
}

/** One float's half bits by the kernel's rounding, so the host can check it against its own converter. */
export function roundFloatBitsToHalf(bits: u32): u32 {
  return i32x4.extract_lane(roundToHalf(i32x4.splat(bits)), 0);
}

export { decodeHuffman, setHuffmanTables } from './huffman';
export { interleavePlanes } from './byte-planes';
export { inverseHaarWavelet } from './piz-wavelet';
