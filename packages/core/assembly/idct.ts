/**
 * 8x8 inverse DCT in single precision, reproducing OpenEXR's AVX implementation operation for operation:
 * one row pass, one column pass, each a product by the 1-D basis split into even and odd halves, with the
 * same constants and the same order of additions. WebAssembly f32x4 arithmetic rounds every operation to
 * single precision and never fuses a multiply into an add, so four lanes at a time give the reference's
 * results bit for bit.
 *
 * The coefficients arrive transposed (coefficient [row][column] at column * 8 + row), so the row pass runs
 * four rows per vector; a 4x4 shuffle transpose then lets the column pass run four columns per vector.
 */
const A: f32 = 3.535536e-1;
const B: f32 = 4.903927e-1;
const C: f32 = 4.619398e-1;
const D: f32 = 4.157349e-1;
const E: f32 = 2.777855e-1;
const F: f32 = 1.913422e-1;
const G: f32 = 9.754573e-2;

/** Row pass results in natural order, as the column pass reads them. */
const rowPass = memory.data(64 * 4, 16);

/** A block whose AC coefficients are all zero is constant: DC * a * a, in that order. */
export function inverseDctDcOnly(dc: f32): f32 {
  return dc * A * A;
}

@inline
function transposeStore(at: usize, r0: v128, r1: v128, r2: v128, r3: v128): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(at, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(at, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 32);
  v128.store(at, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 64);
  v128.store(at, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 96);
}

/** Row pass of four rows (lanes), from the transposed coefficients at `from`, into `rowPass` rows. */
@inline
function transformFourRows(from: usize, to: usize): void {
  const a = f32x4.splat(A);
  const b = f32x4.splat(B);
  const c = f32x4.splat(C);
  const d = f32x4.splat(D);
  const e = f32x4.splat(E);
  const f = f32x4.splat(F);
  const g = f32x4.splat(G);
  const x0 = v128.load(from);
  const x1 = v128.load(from, 32);
  const x2 = v128.load(from, 64);
  const x3 = v128.load(from, 96);
  const x4 = v128.load(from, 128);
  const x5 = v128.load(from, 160);
  const x6 = v128.load(from, 192);
  const x7 = v128.load(from, 224);
  const ax0 = f32x4.mul(a, x0);
  const ax4 = f32x4.mul(a, x4);
  const cx2 = f32x4.mul(c, x2);
  const fx2 = f32x4.mul(f, x2);
  const cx6 = f32x4.mul(c, x6);
  const fx6 = f32x4.mul(f, x6);
  const even0 = f32x4.add(f32x4.add(ax0, cx2), f32x4.add(ax4, fx6));
  const even1 = f32x4.sub(f32x4.add(ax0, fx2), f32x4.add(ax4, cx6));
  const even2 = f32x4.add(f32x4.sub(ax0, fx2), f32x4.sub(cx6, ax4));
  const even3 = f32x4.add(f32x4.sub(ax0, cx2), f32x4.sub(ax4, fx6));
  const odd0 = f32x4.add(f32x4.add(f32x4.mul(b, x1), f32x4.mul(d, x3)), f32x4.add(f32x4.mul(e, x5), f32x4.mul(g, x7)));
  const odd1 = f32x4.sub(f32x4.sub(f32x4.mul(d, x1), f32x4.mul(g, x3)), f32x4.add(f32x4.mul(b, x5), f32x4.mul(e, x7)));
  const odd2 = f32x4.add(f32x4.sub(f32x4.mul(e, x1), f32x4.mul(b, x3)), f32x4.add(f32x4.mul(g, x5), f32x4.mul(d, x7)));
  const odd3 = f32x4.add(f32x4.sub(f32x4.mul(g, x1), f32x4.mul(e, x3)), f32x4.sub(f32x4.mul(d, x5), f32x4.mul(b, x7)));
  const out0 = f32x4.add(even0, odd0);
  const out1 = f32x4.add(even1, odd1);
  const out2 = f32x4.add(even2, odd2);
  const out3 = f32x4.add(even3, odd3);
  transposeStore(to, out0, out1, out2, out3);
  const out4 = f32x4.sub(even3, odd3);
  const out5 = f32x4.sub(even2, odd2);
  const out6 = f32x4.sub(even1, odd1);
  const out7 = f32x4.sub(even0, odd0);
  transposeStore(to + 16, out4, out5, out6, out7);
}

/** Column pass of four columns (lanes) starting at byte `column` of each row. */
@inline
function transformFourColumns(column: usize, out: usize): void {
  const from = rowPass + column;
  const to = out + column;
  const a = f32x4.splat(A);
  const b = f32x4.splat(B);
  const c = f32x4.splat(C);
  const d = f32x4.splat(D);
  const e = f32x4.splat(E);
  const f = f32x4.splat(F);
  const g = f32x4.splat(G);
  const y0 = v128.load(from);
  const y1 = v128.load(from, 32);
  const y2 = v128.load(from, 64);
  const y3 = v128.load(from, 96);
  const y4 = v128.load(from, 128);
  const y5 = v128.load(from, 160);
  const y6 = v128.load(from, 192);
  const y7 = v128.load(from, 224);
  // The column pass groups its sums differently from the row pass, as OpenEXR's AVX code does.
  const odd0 = f32x4.add(f32x4.add(f32x4.mul(b, y1), f32x4.mul(d, y3)), f32x4.add(f32x4.mul(e, y5), f32x4.mul(g, y7)));
  const odd1 = f32x4.sub(f32x4.sub(f32x4.mul(d, y1), f32x4.add(f32x4.mul(g, y3), f32x4.mul(b, y5))), f32x4.mul(e, y7));
  const odd2 = f32x4.add(f32x4.add(f32x4.sub(f32x4.mul(e, y1), f32x4.mul(b, y3)), f32x4.mul(g, y5)), f32x4.mul(d, y7));
  const odd3 = f32x4.sub(f32x4.add(f32x4.mul(g, y1), f32x4.mul(d, y5)), f32x4.add(f32x4.mul(e, y3), f32x4.mul(b, y7)));
  const ay0 = f32x4.mul(a, y0);
  const ay4 = f32x4.mul(a, y4);
  const sum04 = f32x4.add(ay0, ay4);
  const difference04 = f32x4.sub(ay0, ay4);
  const sum26 = f32x4.add(f32x4.mul(c, y2), f32x4.mul(f, y6));
  const difference26 = f32x4.sub(f32x4.mul(f, y2), f32x4.mul(c, y6));
  const even0 = f32x4.add(sum04, sum26);
  const even1 = f32x4.add(difference04, difference26);
  const even2 = f32x4.sub(difference04, difference26);
  const even3 = f32x4.sub(sum04, sum26);
  v128.store(to, f32x4.add(even0, odd0));
  v128.store(to, f32x4.add(even1, odd1), 32);
  v128.store(to, f32x4.add(even2, odd2), 64);
  v128.store(to, f32x4.add(even3, odd3), 96);
  v128.store(to, f32x4.sub(even3, odd3), 128);
  v128.store(to, f32x4.sub(even2, odd2), 160);
  v128.store(to, f32x4.sub(even1, odd1), 192);
  v128.store(to, f32x4.sub(even0, odd0), 224);
}

/**
 * The column pass when rows 4-7 are zero, as the reference specialises it: the dropped terms would only
 * add zeros.
 */
@inline
function transformFourColumnsTopHalf(column: usize, out: usize): void {
  const from = rowPass + column;
  const to = out + column;
  const a = f32x4.splat(A);
  const b = f32x4.splat(B);
  const c = f32x4.splat(C);
  const d = f32x4.splat(D);
  const e = f32x4.splat(E);
  const f = f32x4.splat(F);
  const g = f32x4.splat(G);
  const y0 = v128.load(from);
  const y1 = v128.load(from, 32);
  const y2 = v128.load(from, 64);
  const y3 = v128.load(from, 96);
  const odd0 = f32x4.add(f32x4.mul(b, y1), f32x4.mul(d, y3));
  const odd1 = f32x4.sub(f32x4.mul(d, y1), f32x4.mul(g, y3));
  const odd2 = f32x4.sub(f32x4.mul(e, y1), f32x4.mul(b, y3));
  const odd3 = f32x4.sub(f32x4.mul(g, y1), f32x4.mul(e, y3));
  const ay0 = f32x4.mul(a, y0);
  const cy2 = f32x4.mul(c, y2);
  const fy2 = f32x4.mul(f, y2);
  const even0 = f32x4.add(ay0, cy2);
  const even1 = f32x4.add(ay0, fy2);
  const even2 = f32x4.sub(ay0, fy2);
  const even3 = f32x4.sub(ay0, cy2);
  v128.store(to, f32x4.add(even0, odd0));
  v128.store(to, f32x4.add(even1, odd1), 32);
  v128.store(to, f32x4.add(even2, odd2), 64);
  v128.store(to, f32x4.add(even3, odd3), 96);
  v128.store(to, f32x4.sub(even3, odd3), 128);
  v128.store(to, f32x4.sub(even2, odd2), 160);
  v128.store(to, f32x4.sub(even1, odd1), 192);
  v128.store(to, f32x4.sub(even0, odd0), 224);
}

/**
 * Inverse-transforms the transposed coefficients at `coefficients` into natural-order floats at `out`.
 * Only the first `rows` rows may hold non-zero coefficients (1 to 8).
 */
export function inverseDct8x8(coefficients: usize, out: usize, rows: i32): void {
  transformFourRows(coefficients, rowPass);
  if (rows === 1) {
    const a = f32x4.splat(A);
    const left = f32x4.mul(a, v128.load(rowPass));
    const right = f32x4.mul(a, v128.load(rowPass, 16));
    for (let at: usize = 0; at < 256; at += 32) {
      v128.store(out + at, left);
      v128.store(out + at, right, 16);
    }
    return;
  }
  if (rows <= 4) {
    transformFourColumnsTopHalf(0, out);
    transformFourColumnsTopHalf(16, out);
    return;
  }
  transformFourRows(coefficients + 16, rowPass + 128);
  transformFourColumns(0, out);
  transformFourColumns(16, out);
}
