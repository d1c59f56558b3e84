import * as tf from '@tensorflow/tfjs';
import type { AxisGeometry } from './geometry.js';

/**
 * The sub-pixel decomposition of a strided convolution's input gradient along one axis.
 *
 * Input sample y receives contributions from taps i with (y + padBefore) = o*stride + i*dilation.
 * Grouping y by r = (y + padBefore) mod stride, each group is a stride-1 correlation of dy with the
 * taps whose i*dilation leaves remainder r; those taps sit at a regular spacing, so each group is
 * one small dilated convolution. All groups are evaluated over the same range of q = (y + padBefore - r)/stride
 * so that they interleave with a reshape.
 */
export interface AxisPhase {
  /** Tap indices of the forward kernel, ascending. Empty when no tap reaches this phase. */
  readonly taps: readonly number[];
  /** Spacing of the taps' offsets in dy: the dilation of this phase's convolution. */
  readonly dilation: number;
  /** Padding before dy for this phase's correlation (negative crops). */
  readonly before: number;
}

export interface AxisPhasePlan {
  readonly phases: readonly AxisPhase[];
  /** Rows (or columns) each phase produces. */
  readonly length: number;
  /** Offset of input sample 0 in the interleaved result. */
  readonly offset: number;
}

export function planAxisPhases(axis: AxisGeometry): AxisPhasePlan {
  const { stride, dilation, kernel, padBefore, inSize } = axis;
  const first = Math.floor(padBefore / stride);
  const last = Math.floor((inSize - 1 + padBefore) / stride);
  const phases: AxisPhase[] = [];
  for (let residue = 0; residue < stride; residue++) {
    const taps: number[] = [];
    for (let tap = 0; tap < kernel; tap++) {
      if ((tap * dilation) % stride === residue) taps.push(tap);
    }
    const shifts = taps.map((tap) => (tap * dilation - residue) / stride);
    const spacing = taps.length > 1 ? shifts[1]! - shifts[0]! : 1;
    const lastShift = shifts.length > 0 ? shifts[shifts.length - 1]! : 0;
    phases.push({ taps, dilation: spacing, before: lastShift - first });
  }
  return { phases, length: last - first + 1, offset: padBefore - first * stride };
}

/**
 * Interleaves phase results [N, Q, Qc, C] into [N, Q*strideRows, Qc*strideCols, C]. Stack + reshape is
 * used because DepthToSpace and BatchToSpaceND are many times slower on wasm.
 */
export function interleavePhases(grid: tf.Tensor4D[][], rowPlan: AxisPhasePlan, colPlan: AxisPhasePlan): tf.Tensor4D {
  const strideCols = colPlan.phases.length;
  const strideRows = rowPlan.phases.length;
  const rows = grid.map((phases) => {
    if (strideCols === 1) return phases[0]!;
    const [batch, length, colLength, channels] = phases[0]!.shape;
    return tf.reshape(tf.stack(phases, 3), [batch, length, colLength * strideCols, channels]) as tf.Tensor4D;
  });
  if (strideRows === 1) return rows[0]!;
  const [batch, length, width, channels] = rows[0]!.shape;
  return tf.reshape(tf.stack(rows, 2), [batch, length * strideRows, width, channels]) as tf.Tensor4D;
}
