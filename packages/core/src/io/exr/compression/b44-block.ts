/**
 * One B44 block: 4x4 HALF samples packed into 14 bytes (a 16-bit start value, a 6-bit shift and fifteen
 * 6-bit differences), or into 3 bytes when all sixteen samples are equal (B44A). Samples travel in an
 * "ordered magnitude" form in which unsigned integer order matches float order, so that differences
 * between neighbours are small; unpacking returns them to plain half bits.
 */

export const FULL_BLOCK_BYTES = 14;
export const FLAT_BLOCK_BYTES = 3;

/**
 * A full block's third byte holds the shift in its top six bits, and the encoder never needs a shift
 * above 12; a value from this threshold up marks a flat block (writers store 0xfc there).
 */
const FLAT_MARKER_MIN = 13 << 2;

export function isFlatBlock(bytes: Uint8Array, at: number): boolean {
  return bytes[at + 2] >= FLAT_MARKER_MIN;
}

/**
 * Ordered-magnitude value (0..0xffff) back to half bits, without a branch: a set top bit means a
 * non-negative number (clear that bit), a clear one a negative number (complement all sixteen bits).
 */
function orderedToHalf(ordered: number): number {
  return ordered ^ (0xffff - (ordered >>> 15) * 0x7fff);
}

/** The half bits shared by all sixteen samples of the flat block at `at` (3 bytes must be readable). */
export function flatBlockValue(bytes: Uint8Array, at: number): number {
  return orderedToHalf((bytes[at] << 8) | bytes[at + 1]);
}

/**
 * Unpacks the full block at `at` (14 bytes must be readable) into `target`: sample (row, column) goes to
 * `target[first + row * stride + column]`, so whole blocks land straight in the output and edge blocks
 * in a 4x4 scratch array (stride 4).
 *
 * Sums wrap modulo 2^16 as in the reference decoder, so corrupt data yields garbage values, never errors;
 * masking once at the end is enough because wrapping addition is associative.
 */
export function unpackFullBlock(
  bytes: Uint8Array,
  at: number,
  target: Uint16Array,
  first: number,
  stride: number,
): void {
  const b2 = bytes[at + 2];
  const b3 = bytes[at + 3];
  const b4 = bytes[at + 4];
  const b5 = bytes[at + 5];
  const b6 = bytes[at + 6];
  const b7 = bytes[at + 7];
  const b8 = bytes[at + 8];
  const b9 = bytes[at + 9];
  const b10 = bytes[at + 10];
  const b11 = bytes[at + 11];
  const b12 = bytes[at + 12];
  const b13 = bytes[at + 13];
  const shift = b2 >> 2;
  const bias = 0x20 << shift;

  // The first column runs down from the start value; each row then runs right from its first sample.
  const s0 = (bytes[at] << 8) | bytes[at + 1];
  const s4 = s0 + ((((b2 << 4) | (b3 >> 4)) & 0x3f) << shift) - bias;
  const s8 = s4 + ((((b3 << 2) | (b4 >> 6)) & 0x3f) << shift) - bias;
  const s12 = s8 + ((b4 & 0x3f) << shift) - bias;

  const s1 = s0 + ((b5 >> 2) << shift) - bias;
  const s5 = s4 + ((((b5 << 4) | (b6 >> 4)) & 0x3f) << shift) - bias;
  const s9 = s8 + ((((b6 << 2) | (b7 >> 6)) & 0x3f) << shift) - bias;
  const s13 = s12 + ((b7 & 0x3f) << shift) - bias;

  const s2 = s1 + ((b8 >> 2) << shift) - bias;
  const s6 = s5 + ((((b8 << 4) | (b9 >> 4)) & 0x3f) << shift) - bias;
  const s10 = s9 + ((((b9 << 2) | (b10 >> 6)) & 0x3f) << shift) - bias;
  const s14 = s13 + ((b10 & 0x3f) << shift) - bias;

  const s3 = s2 + ((b11 >> 2) << shift) - bias;
  const s7 = s6 + ((((b11 << 4) | (b12 >> 4)) & 0x3f) << shift) - bias;
  const s11 = s10 + ((((b12 << 2) | (b13 >> 6)) & 0x3f) << shift) - bias;
  const s15 = s14 + ((b13 & 0x3f) << shift) - bias;

  const row0 = first;
  target[row0] = orderedToHalf(s0 & 0xffff);
  target[row0 + 1] = orderedToHalf(s1 & 0xffff);
  target[row0 + 2] = orderedToHalf(s2 & 0xffff);
  target[row0 + 3] = orderedToHalf(s3 & 0xffff);
  const row1 = first + stride;
  target[row1] = orderedToHalf(s4 & 0xffff);
  target[row1 + 1] = orderedToHalf(s5 & 0xffff);
  target[row1 + 2] = orderedToHalf(s6 & 0xffff);
  target[row1 + 3] = orderedToHalf(s7 & 0xffff);
  const row2 = first + 2 * stride;
  target[row2] = orderedToHalf(s8 & 0xffff);
  target[row2 + 1] = orderedToHalf(s9 & 0xffff);
  target[row2 + 2] = orderedToHalf(s10 & 0xffff);
  target[row2 + 3] = orderedToHalf(s11 & 0xffff);
  const row3 = first + 3 * stride;
  target[row3] = orderedToHalf(s12 & 0xffff);
  target[row3 + 1] = orderedToHalf(s13 & 0xffff);
  target[row3 + 2] = orderedToHalf(s14 & 0xffff);
  target[row3 + 3] = orderedToHalf(s15 & 0xffff);
}
