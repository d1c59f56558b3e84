/**
 * PIZ's 2D Haar wavelet, inverted in place on one plane of 16-bit values. When every value is below 2^14
 * (`maxValue`), the encoder used plain signed averages and differences (computed here on an Int16Array view,
 * whose stores truncate to 16 bits as the reference's `short`s do); otherwise a modular variant that is
 * lossless over the full 16-bit range.
 *
 * A level of spacing `p` combines each 2x2 block of values `p` apart (rows and columns `2p` apart); an odd
 * trailing column or row gets the 1D transform. The two 1D passes and the blocks touch different values, so
 * they run one after another. The finest level (p = 1) also maps each value it stores through `values`
 * (dense rank back to the original 16-bit value), which saves a separate pass over the block.
 */

/** A plane: `nx` by `ny` values, `xStride` apart within a row and `yStride` apart between rows. */
export interface WaveletPlane {
  readonly start: number;
  readonly nx: number;
  readonly xStride: number;
  readonly ny: number;
  readonly yStride: number;
}

/**
 * Restores `plane` within `data` from its wavelet coefficients, each value then mapped through `values`;
 * `maxValue` is the largest value before the transform, which picks the variant.
 */
export function inverseHaarWavelet(data: Uint16Array, plane: WaveletPlane, maxValue: number, values: Uint16Array): void {
  const { start, nx, xStride: ox, ny, yStride: oy } = plane;
  const signed = maxValue < 1 << 14 ? new Int16Array(data.buffer, data.byteOffset, data.length) : undefined;
  let p = coarsestLevel(nx, ny);
  if (p === 0) {
    for (let y = 0; y < ny; y++) mapValues(data, start + y * oy, nx, ox, values);
    return;
  }
  for (; p >= 1; p >>= 1) {
    const p2 = 2 * p;
    const rows = Math.floor(ny / p2);
    const columns = Math.floor(nx / p2);
    const last = p === 1;
    if (signed) {
      if (last) finestBlocks14(signed, start, rows, columns, ox, oy, values);
      else blocks14(signed, start, rows, columns, ox * p, oy * p);
    } else if (last) finestBlocks16(data, start, rows, columns, ox, oy, values);
    else blocks16(data, start, rows, columns, ox * p, oy * p);
    // The odd column pairs values a row apart in each row pair; the odd row pairs values a column apart.
    if (nx & p) pairs(data, signed, start + columns * p2 * ox, rows, oy * p2, oy * p, last ? values : undefined);
    if (ny & p) pairs(data, signed, start + rows * p2 * oy, columns, ox * p2, ox * p, last ? values : undefined);
  }
  if (nx & ny & 1) mapValues(data, start + (nx - 1) * ox + (ny - 1) * oy, 1, ox, values);
}

/** Half the largest power of two not above the smaller side: the spacing of the coarsest level (0 if none). */
function coarsestLevel(nx: number, ny: number): number {
  const n = Math.min(nx, ny);
  let p = 1;
  while (p <= n) p *= 2;
  return Math.floor(p / 4);
}

function mapValues(data: Uint16Array, first: number, count: number, stride: number, values: Uint16Array): void {
  for (let k = 0, i = first; k < count; k++, i += stride) data[i] = values[data[i]];
}

/**
 * The 1D transform on `count` pairs: the first value of pair k at `first + k * stride`, its partner `partner`
 * further; `values` maps the results on the finest level.
 */
function pairs(
  data: Uint16Array,
  signed: Int16Array | undefined,
  first: number,
  count: number,
  stride: number,
  partner: number,
  values: Uint16Array | undefined,
): void {
  for (let k = 0, i = first; k < count; k++, i += stride) {
    const j = i + partner;
    let a: number;
    let b: number;
    if (signed) {
      const h = signed[j];
      a = signed[i] + (h & 1) + (h >> 1);
      b = a - h;
    } else {
      const h = data[j];
      b = (data[i] - (h >> 1)) & 0xffff;
      a = h + b - 0x8000;
    }
    if (values) {
      data[i] = values[a & 0xffff];
      data[j] = values[b & 0xffff];
    } else {
      data[i] = a;
      data[j] = b;
    }
  }
}

// The 2D passes below are the hot loops, written out per variant: the finest level stores through `values`.
// Naming: v00 top-left, v01 top-right, v10 bottom-left, v11 bottom-right of the block.

function blocks14(d: Int16Array, start: number, rows: number, columns: number, dx: number, dy: number): void {
  for (let row = 0, py = start; row < rows; row++, py += 2 * dy) {
    for (let column = 0, p00 = py; column < columns; column++, p00 += 2 * dx) {
      const p01 = p00 + dx;
      const p10 = p00 + dy;
      const p11 = p10 + dx;
      const h0 = d[p10];
      const h1 = d[p11];
      const s0 = d[p00] + (h0 & 1) + (h0 >> 1);
      const s1 = d[p01] + (h1 & 1) + (h1 >> 1);
      const a00 = (s0 << 16) >> 16;
      const a10 = ((s0 - h0) << 16) >> 16;
      const a01 = (s1 << 16) >> 16;
      const a11 = ((s1 - h1) << 16) >> 16;
      const t0 = a00 + (a01 & 1) + (a01 >> 1);
      const t1 = a10 + (a11 & 1) + (a11 >> 1);
      d[p00] = t0;
      d[p01] = t0 - a01;
      d[p10] = t1;
      d[p11] = t1 - a11;
    }
  }
}

function finestBlocks14(
  d: Int16Array,
  start: number,
  rows: number,
  columns: number,
  dx: number,
  dy: number,
  values: Uint16Array,
): void {
  for (let row = 0, py = start; row < rows; row++, py += 2 * dy) {
    for (let column = 0, p00 = py; column < columns; column++, p00 += 2 * dx) {
      const p01 = p00 + dx;
      const p10 = p00 + dy;
      const p11 = p10 + dx;
      const h0 = d[p10];
      const h1 = d[p11];
      const s0 = d[p00] + (h0 & 1) + (h0 >> 1);
      const s1 = d[p01] + (h1 & 1) + (h1 >> 1);
      const a00 = (s0 << 16) >> 16;
      const a10 = ((s0 - h0) << 16) >> 16;
      const a01 = (s1 << 16) >> 16;
      const a11 = ((s1 - h1) << 16) >> 16;
      const t0 = a00 + (a01 & 1) + (a01 >> 1);
      const t1 = a10 + (a11 & 1) + (a11 >> 1);
      d[p00] = values[t0 & 0xffff];
      d[p01] = values[(t0 - a01) & 0xffff];
      d[p10] = values[t1 & 0xffff];
      d[p11] = values[(t1 - a11) & 0xffff];
    }
  }
}

/** Modular transform: averages are offset by 2^15 and everything wraps at 2^16. */
function blocks16(d: Uint16Array, start: number, rows: number, columns: number, dx: number, dy: number): void {
  for (let row = 0, py = start; row < rows; row++, py += 2 * dy) {
    for (let column = 0, p00 = py; column < columns; column++, p00 += 2 * dx) {
      const p01 = p00 + dx;
      const p10 = p00 + dy;
      const p11 = p10 + dx;
      const h0 = d[p10];
      const h1 = d[p11];
      const a10 = (d[p00] - (h0 >> 1)) & 0xffff;
      const a00 = (h0 + a10 - 0x8000) & 0xffff;
      const a11 = (d[p01] - (h1 >> 1)) & 0xffff;
      const a01 = (h1 + a11 - 0x8000) & 0xffff;
      const b0 = (a00 - (a01 >> 1)) & 0xffff;
      const b1 = (a10 - (a11 >> 1)) & 0xffff;
      d[p00] = a01 + b0 - 0x8000;
      d[p01] = b0;
      d[p10] = a11 + b1 - 0x8000;
      d[p11] = b1;
    }
  }
}

function finestBlocks16(
  d: Uint16Array,
  start: number,
  rows: number,
  columns: number,
  dx: number,
  dy: number,
  values: Uint16Array,
): void {
  for (let row = 0, py = start; row < rows; row++, py += 2 * dy) {
    for (let column = 0, p00 = py; column < columns; column++, p00 += 2 * dx) {
      const p01 = p00 + dx;
      const p10 = p00 + dy;
      const p11 = p10 + dx;
      const h0 = d[p10];
      const h1 = d[p11];
      const a10 = (d[p00] - (h0 >> 1)) & 0xffff;
      const a00 = (h0 + a10 - 0x8000) & 0xffff;
      const a11 = (d[p01] - (h1 >> 1)) & 0xffff;
      const a01 = (h1 + a11 - 0x8000) & 0xffff;
      const b0 = (a00 - (a01 >> 1)) & 0xffff;
      const b1 = (a10 - (a11 >> 1)) & 0xffff;
      d[p00] = values[(a01 + b0 - 0x8000) & 0xffff];
      d[p01] = values[b0];
      d[p10] = values[(a11 + b1 - 0x8000) & 0xffff];
      d[p11] = values[b1];
    }
  }
}
