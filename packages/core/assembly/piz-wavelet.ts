/**
 * PIZ's 2D Haar wavelet, inverted in place on one plane of 16-bit values in kernel memory. When every value is
 * below 2^14 (`maxValue`), the encoder used plain signed averages and differences (16-bit stores truncate as
 * the reference's `short`s do); otherwise a modular variant that is lossless over the full 16-bit range.
 *
 * A level of spacing `p` combines each 2x2 block of values `p` apart (rows and columns `2p` apart); an odd
 * trailing column or row gets the 1D transform. The two 1D passes and the blocks touch different values, so
 * they run one after another. The finest level (p = 1) also maps each value it stores through the table at
 * `values` (65536 u16: dense rank back to the original value), which saves a separate pass over the block.
 *
 * The host checks that the plane lies inside the block it reserved; every table index is masked to 16 bits.
 */

/**
 * Restores the `nx` by `ny` plane at `first`, values `xStride` bytes apart within a row and `yStride` bytes
 * apart between rows.
 */
export function inverseHaarWavelet(
  first: usize,
  nx: i32,
  xStride: i32,
  ny: i32,
  yStride: i32,
  maxValue: i32,
  values: usize,
): void {
  const narrow = maxValue < 1 << 14;
  let p = coarsestLevel(nx, ny);
  if (p === 0) {
    for (let y = 0; y < ny; y++) mapValues(first + <usize>(y * yStride), nx, xStride, values);
    return;
  }
  for (; p >= 1; p >>= 1) {
    const p2 = 2 * p;
    const rows = ny / p2;
    const columns = nx / p2;
    const table = p === 1 ? values : 0;
    if (narrow) blocks<i16>(first, rows, columns, xStride * p, yStride * p, table);
    else blocks<u16>(first, rows, columns, xStride * p, yStride * p, table);
    // The odd column pairs values a row apart in each row pair; the odd row pairs values a column apart.
    if (nx & p) {
      pairs(narrow, first + <usize>(columns * p2 * xStride), rows, yStride * p2, yStride * p, table);
    }
    if (ny & p) {
      pairs(narrow, first + <usize>(rows * p2 * yStride), columns, xStride * p2, xStride * p, table);
    }
  }
  if (nx & ny & 1) mapValues(first + <usize>((nx - 1) * xStride + (ny - 1) * yStride), 1, xStride, values);
}

/** Half the largest power of two not above the smaller side: the spacing of the coarsest level (0 if none). */
function coarsestLevel(nx: i32, ny: i32): i32 {
  const n = min(nx, ny);
  let p = 1;
  while (p <= n) p <<= 1;
  return p >> 2;
}

@inline
function mapped(value: i32, table: usize): u16 {
  return table === 0 ? <u16>value : load<u16>(table + (<usize>(value & 0xffff) << 1));
}

function mapValues(first: usize, count: i32, stride: i32, values: usize): void {
  for (let k = 0, at = first; k < count; k++, at += <usize>stride) {
    store<u16>(at, load<u16>(values + (<usize>load<u16>(at) << 1)));
  }
}

/** The 1D transform on `count` pairs `stride` bytes apart, the partner of each `partner` bytes further. */
function pairs(narrow: bool, first: usize, count: i32, stride: i32, partner: i32, table: usize): void {
  for (let k = 0, i = first; k < count; k++, i += <usize>stride) {
    const j = i + <usize>partner;
    let a: i32;
    let b: i32;
    if (narrow) {
      const h = <i32>load<i16>(j);
      a = <i32>load<i16>(i) + (h & 1) + (h >> 1);
      b = a - h;
    } else {
      const h = <i32>load<u16>(j);
      b = (<i32>load<u16>(i) - (h >> 1)) & 0xffff;
      a = h + b - 0x8000;
    }
    store<u16>(i, mapped(a, table));
    store<u16>(j, mapped(b, table));
  }
}

/**
 * One level's 2x2 blocks, `dx` and `dy` bytes apart; `table` is 0 on the coarser levels, which store the raw
 * results. T is i16 for the 14-bit variant (signed averages and differences) and u16 for the modular one,
 * whose averages are offset by 2^15 and which wraps at 2^16.
 */
function blocks<T>(first: usize, rows: i32, columns: i32, dx: i32, dy: i32, table: usize): void {
  for (let row = 0; row < rows; row++) {
    let p00 = first + <usize>(row * 2 * dy);
    for (let column = 0; column < columns; column++, p00 += <usize>(2 * dx)) {
      const p01 = p00 + <usize>dx;
      const p10 = p00 + <usize>dy;
      const p11 = p10 + <usize>dx;
      const v00 = <i32>load<T>(p00);
      const v01 = <i32>load<T>(p01);
      const h0 = <i32>load<T>(p10);
      const h1 = <i32>load<T>(p11);
      if (isSigned<T>()) {
        const s0 = v00 + (h0 & 1) + (h0 >> 1);
        const s1 = v01 + (h1 & 1) + (h1 >> 1);
        const a00 = <i32><i16>s0;
        const a10 = <i32><i16>(s0 - h0);
        const a01 = <i32><i16>s1;
        const a11 = <i32><i16>(s1 - h1);
        const t0 = a00 + (a01 & 1) + (a01 >> 1);
        const t1 = a10 + (a11 & 1) + (a11 >> 1);
        store<u16>(p00, mapped(t0, table));
        store<u16>(p01, mapped(t0 - a01, table));
        store<u16>(p10, mapped(t1, table));
        store<u16>(p11, mapped(t1 - a11, table));
      } else {
        const a10 = (v00 - (h0 >> 1)) & 0xffff;
        const a00 = (h0 + a10 - 0x8000) & 0xffff;
        const a11 = (v01 - (h1 >> 1)) & 0xffff;
        const a01 = (h1 + a11 - 0x8000) & 0xffff;
        const b0 = (a00 - (a01 >> 1)) & 0xffff;
        const b1 = (a10 - (a11 >> 1)) & 0xffff;
        store<u16>(p00, mapped(a01 + b0 - 0x8000, table));
        store<u16>(p01, mapped(b0, table));
        store<u16>(p10, mapped(a11 + b1 - 0x8000, table));
        store<u16>(p11, mapped(b1, table));
      }
    }
  }
}
