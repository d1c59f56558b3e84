import { HdrMergeError } from './errors.js';

/** Columns whose pivot falls below this fraction of the largest are taken as undetermined. */
const RANK_TOLERANCE = 1e-10;

/**
 * Least-squares solution of A x = b by Householder QR in float64. A is dense, `rows` x `cols`,
 * column-major (A[r, c] at a[c * rows + r]); both arrays are overwritten.
 *
 * QR rather than the normal equations: the smoothness rows (lambda * w up to 128 * lambda) and the data
 * rows (w down to 1) make A ill-conditioned, and AᵀA would square that condition number, losing about
 * twice as many digits. A rank-deficient A is reported, not solved: here it means the data leave the
 * curve's slope free.
 */
export function solveLeastSquares(a: Float64Array, rows: number, cols: number, b: Float64Array): Float64Array {
  if (rows < cols || a.length !== rows * cols || b.length !== rows) {
    throw new RangeError(`least squares needs rows >= cols and matching sizes, got ${rows}x${cols}, a ${a.length}, b ${b.length}`);
  }
  const diagonal = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    const column = k * rows;
    let norm = 0;
    for (let r = k; r < rows; r++) norm += a[column + r]! * a[column + r]!;
    norm = Math.sqrt(norm);
    if (norm === 0) {
      diagonal[k] = 0;
      continue;
    }
    const lead = a[column + k]!;
    const alpha = lead > 0 ? -norm : norm;
    a[column + k] = lead - alpha;
    const vNormSquared = 2 * norm * (norm + Math.abs(lead));
    for (let c = k + 1; c < cols; c++) {
      const target = c * rows;
      let dot = 0;
      for (let r = k; r < rows; r++) dot += a[column + r]! * a[target + r]!;
      const factor = (2 * dot) / vNormSquared;
      for (let r = k; r < rows; r++) a[target + r] = a[target + r]! - factor * a[column + r]!;
    }
    let dot = 0;
    for (let r = k; r < rows; r++) dot += a[column + r]! * b[r]!;
    const factor = (2 * dot) / vNormSquared;
    for (let r = k; r < rows; r++) b[r] = b[r]! - factor * a[column + r]!;
    diagonal[k] = alpha;
  }
  const largest = diagonal.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  const x = new Float64Array(cols);
  for (let k = cols - 1; k >= 0; k--) {
    if (!(Math.abs(diagonal[k]!) > RANK_TOLERANCE * largest)) {
      throw new HdrMergeError(`the least-squares system is rank deficient: unknown ${k} is not determined by the data`);
    }
    let sum = b[k]!;
    for (let c = k + 1; c < cols; c++) sum -= a[c * rows + k]! * x[c]!;
    x[k] = sum / diagonal[k]!;
  }
  return x;
}
