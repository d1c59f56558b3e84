/**
 * Inverts PIZ's 2D Haar wavelet in place on one plane of 16-bit values: `nx` by `ny` values, `xStride` apart
 * within a row and `yStride` apart between rows, starting at `start`. Levels run from the coarsest (the largest
 * power of two not above the smaller side) down to 1; odd trailing columns and rows get the 1D transform.
 * When every value is below 2^14 (`maxValue`), the encoder used plain signed averages and differences,
 * otherwise a modular variant that is lossless over the full 16-bit range.
 */
export function inverseHaarWavelet(
  plane: Uint16Array,
  start: number,
  nx: number,
  xStride: number,
  ny: number,
  yStride: number,
  maxValue: number,
): void {
  if (maxValue < 1 << 14) {
    const signed = new Int16Array(plane.buffer, plane.byteOffset, plane.length);
    inverse14(signed, start, nx, xStride, ny, yStride);
  } else {
    inverse16(plane, start, nx, xStride, ny, yStride);
  }
}

function coarsestLevel(nx: number, ny: number): number {
  const n = Math.min(nx, ny);
  let p = 1;
  while (p <= n) p *= 2;
  return Math.floor(p / 2);
}

/** `d` holds signed 16-bit values: the 14-bit transform is plain integer arithmetic truncated to 16 bits. */
function inverse14(d: Int16Array, start: number, nx: number, ox: number, ny: number, oy: number): void {
  let p2 = coarsestLevel(nx, ny);
  let p = p2 >> 1;
  while (p >= 1) {
    const ox1 = ox * p;
    const ox2 = ox * p2;
    const oy1 = oy * p;
    const oy2 = oy * p2;
    const lastRow = start + oy * (ny - p2);
    const rowSpan = ox * (nx - p2);
    let py = start;
    for (; py <= lastRow; py += oy2) {
      const lastX = py + rowSpan;
      let px = py;
      for (; px <= lastX; px += ox2) {
        const p01 = px + ox1;
        const p10 = px + oy1;
        const p11 = p10 + ox1;
        const h0 = d[p10];
        const h1 = d[p11];
        const s0 = d[px] + (h0 & 1) + (h0 >> 1);
        const s1 = d[p01] + (h1 & 1) + (h1 >> 1);
        const a00 = (s0 << 16) >> 16;
        const a10 = ((s0 - h0) << 16) >> 16;
        const a01 = (s1 << 16) >> 16;
        const a11 = ((s1 - h1) << 16) >> 16;
        const t0 = a00 + (a01 & 1) + (a01 >> 1);
        const t1 = a10 + (a11 & 1) + (a11 >> 1);
        d[px] = t0;
        d[p01] = t0 - a01;
        d[p10] = t1;
        d[p11] = t1 - a11;
      }
      if (nx & p) {
        const p10 = px + oy1;
        const h = d[p10];
        const s = d[px] + (h & 1) + (h >> 1);
        d[px] = s;
        d[p10] = s - h;
      }
    }
    if (ny & p) {
      const lastX = py + rowSpan;
      for (let px = py; px <= lastX; px += ox2) {
        const p01 = px + ox1;
        const h = d[p01];
        const s = d[px] + (h & 1) + (h >> 1);
        d[px] = s;
        d[p01] = s - h;
      }
    }
    p2 = p;
    p >>= 1;
  }
}

/** Modular transform: averages are offset by 2^15 and everything wraps at 2^16. */
function inverse16(d: Uint16Array, start: number, nx: number, ox: number, ny: number, oy: number): void {
  let p2 = coarsestLevel(nx, ny);
  let p = p2 >> 1;
  while (p >= 1) {
    const ox1 = ox * p;
    const ox2 = ox * p2;
    const oy1 = oy * p;
    const oy2 = oy * p2;
    const lastRow = start + oy * (ny - p2);
    const rowSpan = ox * (nx - p2);
    let py = start;
    for (; py <= lastRow; py += oy2) {
      const lastX = py + rowSpan;
      let px = py;
      for (; px <= lastX; px += ox2) {
        const p01 = px + ox1;
        const p10 = px + oy1;
        const p11 = p10 + ox1;
        const h0 = d[p10];
        const h1 = d[p11];
        const a10 = (d[px] - (h0 >> 1)) & 0xffff;
        const a00 = (h0 + a10 - 0x8000) & 0xffff;
        const a11 = (d[p01] - (h1 >> 1)) & 0xffff;
        const a01 = (h1 + a11 - 0x8000) & 0xffff;
        const b0 = (a00 - (a01 >> 1)) & 0xffff;
        const b1 = (a10 - (a11 >> 1)) & 0xffff;
        d[p01] = b0;
        d[px] = a01 + b0 - 0x8000;
        d[p11] = b1;
        d[p10] = a11 + b1 - 0x8000;
      }
      if (nx & p) {
        const p10 = px + oy1;
        const h = d[p10];
        const b = (d[px] - (h >> 1)) & 0xffff;
        d[p10] = b;
        d[px] = h + b - 0x8000;
      }
    }
    if (ny & p) {
      const lastX = py + rowSpan;
      for (let px = py; px <= lastX; px += ox2) {
        const p01 = px + ox1;
        const h = d[p01];
        const b = (d[px] - (h >> 1)) & 0xffff;
        d[p01] = b;
        d[px] = h + b - 0x8000;
      }
    }
    p2 = p;
    p >>= 1;
  }
}
