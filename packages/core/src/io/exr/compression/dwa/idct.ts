/**
 * 8x8 inverse DCT in single precision, reproducing OpenEXR's AVX implementation operation for operation
 * (the path OpenEXR takes on any AVX-capable x86-64): one row pass, one column pass, each a product by
 * the 1-D basis split into even and odd halves, with the same constants and the same order of additions.
 * Every intermediate is rounded to float32 (Math.fround), so the results match the reference bit for bit
 * rather than to within a rounding error.
 */
const fround = Math.fround;

const A = fround(3.535536e-1);
const B = fround(4.903927e-1);
const C = fround(4.619398e-1);
const D = fround(4.157349e-1);
const E = fround(2.777855e-1);
const F = fround(1.913422e-1);
const G = fround(9.754573e-2);

const rowPass = new Float64Array(64);

/** A block whose AC coefficients are all zero is constant: DC * a * a, in that order. */
export function inverseDctDcOnly(dc: number): number {
  return fround(fround(dc * A) * A);
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
    const ax0 = fround(A * x0);
    const ax4 = fround(A * x4);
    const even0 = fround(fround(ax0 + fround(C * x2)) + fround(ax4 + fround(F * x6)));
    const even1 = fround(fround(ax0 + fround(F * x2)) - fround(ax4 + fround(C * x6)));
    const even2 = fround(fround(ax0 - fround(F * x2)) + fround(fround(C * x6) - ax4));
    const even3 = fround(fround(ax0 - fround(C * x2)) + fround(ax4 - fround(F * x6)));
    const odd0 = fround(fround(fround(B * x1) + fround(D * x3)) + fround(fround(E * x5) + fround(G * x7)));
    const odd1 = fround(fround(fround(D * x1) - fround(G * x3)) - fround(fround(B * x5) + fround(E * x7)));
    const odd2 = fround(fround(fround(E * x1) - fround(B * x3)) + fround(fround(G * x5) + fround(D * x7)));
    const odd3 = fround(fround(fround(G * x1) - fround(E * x3)) + fround(fround(D * x5) - fround(B * x7)));
    rowPass[at] = fround(even0 + odd0);
    rowPass[at + 1] = fround(even1 + odd1);
    rowPass[at + 2] = fround(even2 + odd2);
    rowPass[at + 3] = fround(even3 + odd3);
    rowPass[at + 4] = fround(even3 - odd3);
    rowPass[at + 5] = fround(even2 - odd2);
    rowPass[at + 6] = fround(even1 - odd1);
    rowPass[at + 7] = fround(even0 - odd0);
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
    const odd0 = fround(fround(fround(B * y1) + fround(D * y3)) + fround(fround(E * y5) + fround(G * y7)));
    const odd1 = fround(fround(fround(D * y1) - fround(fround(G * y3) + fround(B * y5))) - fround(E * y7));
    const odd2 = fround(fround(fround(fround(E * y1) - fround(B * y3)) + fround(G * y5)) + fround(D * y7));
    const odd3 = fround(fround(fround(G * y1) + fround(D * y5)) - fround(fround(E * y3) + fround(B * y7)));
    const ay0 = fround(A * y0);
    const ay4 = fround(A * y4);
    const sum04 = fround(ay0 + ay4);
    const difference04 = fround(ay0 - ay4);
    const sum26 = fround(fround(C * y2) + fround(F * y6));
    const difference26 = fround(fround(F * y2) - fround(C * y6));
    const even0 = fround(sum04 + sum26);
    const even1 = fround(difference04 + difference26);
    const even2 = fround(difference04 - difference26);
    const even3 = fround(sum04 - sum26);
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
    const odd0 = fround(fround(B * y1) + fround(D * y3));
    const odd1 = fround(fround(D * y1) - fround(G * y3));
    const odd2 = fround(fround(E * y1) - fround(B * y3));
    const odd3 = fround(fround(G * y1) - fround(E * y3));
    const ay0 = fround(A * y0);
    const cy2 = fround(C * y2);
    const fy2 = fround(F * y2);
    const even0 = fround(ay0 + cy2);
    const even1 = fround(ay0 + fy2);
    const even2 = fround(ay0 - fy2);
    const even3 = fround(ay0 - cy2);
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
      const value = fround(A * rowPass[c]);
      for (let at = c; at < 64; at += 8) out[at] = value;
    }
    return;
  }
  rowPass.fill(0, rows * 8);
  if (rows <= 4) transformColumnsTopHalf(out);
  else transformColumns(out);
}
