/**
 * 8x8 inverse DCT in single precision, reproducing OpenEXR's AVX implementation operation for operation
 * (the path OpenEXR takes on any AVX-capable x86-64): one row pass, one column pass, each a product by
 * the 1-D basis split into even and odd halves, with the same constants and the same order of additions.
 * Every intermediate is rounded to float32 (Math.fround), so the results match the reference bit for bit
 * rather than to within a rounding error.
 */
const A = Math.fround(3.535536e-1);
const B = Math.fround(4.903927e-1);
const C = Math.fround(4.619398e-1);
const D = Math.fround(4.157349e-1);
const E = Math.fround(2.777855e-1);
const F = Math.fround(1.913422e-1);
const G = Math.fround(9.754573e-2);

const rowPass = new Float64Array(64);

/** A block whose AC coefficients are all zero is constant: DC * a * a, in that order. */
export function inverseDctDcOnly(dc: number): number {
  return Math.fround(Math.fround(dc * A) * A);
}

function transformRows(coefficients: Float64Array, rows: number): void {
  for (let r = 0, at = 0; r < rows; r++, at += 8) {
    const x0 = coefficients[at];
    const x1 = coefficients[at + 1];
    const x2 = coefficients[at + 2];
    const x3 = coefficients[at + 3];
    const x4 = coefficients[at + 4];
    const x5 = coefficients[at + 5];
    const x6 = coefficients[at + 6];
    const x7 = coefficients[at + 7];
    const ax0 = Math.fround(A * x0);
    const ax4 = Math.fround(A * x4);
    const cx2 = Math.fround(C * x2);
    const fx2 = Math.fround(F * x2);
    const cx6 = Math.fround(C * x6);
    const fx6 = Math.fround(F * x6);
    const even0 = Math.fround(Math.fround(ax0 + cx2) + Math.fround(ax4 + fx6));
    const even1 = Math.fround(Math.fround(ax0 + fx2) - Math.fround(ax4 + cx6));
    const even2 = Math.fround(Math.fround(ax0 - fx2) + Math.fround(cx6 - ax4));
    const even3 = Math.fround(Math.fround(ax0 - cx2) + Math.fround(ax4 - fx6));
    const bx1 = Math.fround(B * x1);
    const dx1 = Math.fround(D * x1);
    const ex1 = Math.fround(E * x1);
    const gx1 = Math.fround(G * x1);
    const bx3 = Math.fround(B * x3);
    const dx3 = Math.fround(D * x3);
    const ex3 = Math.fround(E * x3);
    const gx3 = Math.fround(G * x3);
    const bx5 = Math.fround(B * x5);
    const dx5 = Math.fround(D * x5);
    const ex5 = Math.fround(E * x5);
    const gx5 = Math.fround(G * x5);
    const bx7 = Math.fround(B * x7);
    const dx7 = Math.fround(D * x7);
    const ex7 = Math.fround(E * x7);
    const gx7 = Math.fround(G * x7);
    const odd0 = Math.fround(Math.fround(bx1 + dx3) + Math.fround(ex5 + gx7));
    const odd1 = Math.fround(Math.fround(dx1 - gx3) - Math.fround(bx5 + ex7));
    const odd2 = Math.fround(Math.fround(ex1 - bx3) + Math.fround(gx5 + dx7));
    const odd3 = Math.fround(Math.fround(gx1 - ex3) + Math.fround(dx5 - bx7));
    rowPass[at] = Math.fround(even0 + odd0);
    rowPass[at + 1] = Math.fround(even1 + odd1);
    rowPass[at + 2] = Math.fround(even2 + odd2);
    rowPass[at + 3] = Math.fround(even3 + odd3);
    rowPass[at + 4] = Math.fround(even3 - odd3);
    rowPass[at + 5] = Math.fround(even2 - odd2);
    rowPass[at + 6] = Math.fround(even1 - odd1);
    rowPass[at + 7] = Math.fround(even0 - odd0);
  }
}

function transformColumns(out: Float32Array): void {
  for (let c = 0; c < 8; c++) {
    const y0 = rowPass[c];
    const y1 = rowPass[8 + c];
    const y2 = rowPass[16 + c];
    const y3 = rowPass[24 + c];
    const y4 = rowPass[32 + c];
    const y5 = rowPass[40 + c];
    const y6 = rowPass[48 + c];
    const y7 = rowPass[56 + c];
    const by1 = Math.fround(B * y1);
    const dy1 = Math.fround(D * y1);
    const ey1 = Math.fround(E * y1);
    const gy1 = Math.fround(G * y1);
    const by3 = Math.fround(B * y3);
    const dy3 = Math.fround(D * y3);
    const ey3 = Math.fround(E * y3);
    const gy3 = Math.fround(G * y3);
    const by5 = Math.fround(B * y5);
    const dy5 = Math.fround(D * y5);
    const ey5 = Math.fround(E * y5);
    const gy5 = Math.fround(G * y5);
    const by7 = Math.fround(B * y7);
    const dy7 = Math.fround(D * y7);
    const ey7 = Math.fround(E * y7);
    const gy7 = Math.fround(G * y7);
    // The column pass groups its sums differently from the row pass, as OpenEXR's AVX code does.
    const odd0 = Math.fround(Math.fround(by1 + dy3) + Math.fround(ey5 + gy7));
    const odd1 = Math.fround(Math.fround(dy1 - Math.fround(gy3 + by5)) - ey7);
    const odd2 = Math.fround(Math.fround(Math.fround(ey1 - by3) + gy5) + dy7);
    const odd3 = Math.fround(Math.fround(gy1 + dy5) - Math.fround(ey3 + by7));
    const ay0 = Math.fround(A * y0);
    const ay4 = Math.fround(A * y4);
    const sum04 = Math.fround(ay0 + ay4);
    const difference04 = Math.fround(ay0 - ay4);
    const sum26 = Math.fround(Math.fround(C * y2) + Math.fround(F * y6));
    const difference26 = Math.fround(Math.fround(F * y2) - Math.fround(C * y6));
    const even0 = Math.fround(sum04 + sum26);
    const even1 = Math.fround(difference04 + difference26);
    const even2 = Math.fround(difference04 - difference26);
    const even3 = Math.fround(sum04 - sum26);
    out[c] = even0 + odd0;
    out[8 + c] = even1 + odd1;
    out[16 + c] = even2 + odd2;
    out[24 + c] = even3 + odd3;
    out[32 + c] = even3 - odd3;
    out[40 + c] = even2 - odd2;
    out[48 + c] = even1 - odd1;
    out[56 + c] = even0 - odd0;
  }
}

/**
 * The column pass when rows 4-7 are zero: the dropped terms are exact zeros in the full pass (x + 0 == x),
 * so skipping them changes nothing but the time.
 */
function transformColumnsTopHalf(out: Float32Array): void {
  for (let c = 0; c < 8; c++) {
    const y0 = rowPass[c];
    const y1 = rowPass[8 + c];
    const y2 = rowPass[16 + c];
    const y3 = rowPass[24 + c];
    const odd0 = Math.fround(Math.fround(B * y1) + Math.fround(D * y3));
    const odd1 = Math.fround(Math.fround(D * y1) - Math.fround(G * y3));
    const odd2 = Math.fround(Math.fround(E * y1) - Math.fround(B * y3));
    const odd3 = Math.fround(Math.fround(G * y1) - Math.fround(E * y3));
    const ay0 = Math.fround(A * y0);
    const cy2 = Math.fround(C * y2);
    const fy2 = Math.fround(F * y2);
    const even0 = Math.fround(ay0 + cy2);
    const even1 = Math.fround(ay0 + fy2);
    const even2 = Math.fround(ay0 - fy2);
    const even3 = Math.fround(ay0 - cy2);
    out[c] = even0 + odd0;
    out[8 + c] = even1 + odd1;
    out[16 + c] = even2 + odd2;
    out[24 + c] = even3 + odd3;
    out[32 + c] = even3 - odd3;
    out[40 + c] = even2 - odd2;
    out[48 + c] = even1 - odd1;
    out[56 + c] = even0 - odd0;
  }
}

/**
 * Inverse-transforms `coefficients` (natural row-major order) into `out`. Only the first `rows` rows may
 * hold non-zero coefficients (1 to 8); the caller knows this from the last coded zig-zag position.
 */
export function inverseDct8x8(coefficients: Float64Array, out: Float32Array, rows: number): void {
  transformRows(coefficients, rows);
  if (rows === 1) {
    for (let c = 0; c < 8; c++) {
      const value = Math.fround(A * rowPass[c]);
      for (let at = c; at < 64; at += 8) out[at] = value;
    }
    return;
  }
  rowPass.fill(0, rows * 8);
  if (rows <= 4) transformColumnsTopHalf(out);
  else transformColumns(out);
}
