import { decodingKernel } from './kernel/instance.js';

/**
 * PIZ's 2D Haar wavelet, inverted in place by the WebAssembly kernel (packages/core/assembly/piz-wavelet.ts)
 * on planes of 16-bit values that lie in kernel memory. When every value is below 2^14 (`maxValue`), the
 * encoder used plain signed averages and differences; otherwise a modular variant that is lossless over the
 * full 16-bit range. The finest level also maps each value through the value table.
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
 * Restores `plane` of the Uint16 values at kernel address `dataAt` from its wavelet coefficients, each value then
 * mapped through the 65536-entry Uint16 table at kernel address `valuesAt`; `maxValue` is the largest value
 * before the transform, which picks the variant. The caller has checked that the plane lies inside its data.
 */
export function inverseHaarWavelet(dataAt: number, plane: WaveletPlane, maxValue: number, valuesAt: number): void {
  const { start, nx, xStride, ny, yStride } = plane;
  decodingKernel().inverseHaarWavelet(dataAt + start * 2, nx, xStride * 2, ny, yStride * 2, maxValue, valuesAt);
}
