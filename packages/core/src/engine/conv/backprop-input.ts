import * as tf from '@tensorflow/tfjs';
import { windowFor, type ConvGeometry } from './geometry.js';
import { interleavePhases, planAxisPhases, type AxisPhase, type AxisPhasePlan } from './phases.js';
import { windowedConv2d } from './windowed-conv.js';

/**
 * Gradient of an NHWC convolution with respect to its input, as forward convolutions of dy with the
 * spatially flipped, channel-transposed filter: one stride-1 convolution per sub-pixel phase, so the
 * work runs in the backend's fast forward kernel (XNNPACK on wasm) for any stride, dilation and padding.
 */
export function convBackpropInput(dy: tf.Tensor4D, filter: tf.Tensor4D, geometry: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const rowPlan = planAxisPhases(geometry.rows);
    const colPlan = planAxisPhases(geometry.cols);
    // The filter is small; rearranging it on the JS side beats Reverse/Gather kernels on wasm.
    const weights = filter.dataSync() as Float32Array;
    const rowsOfPhases = rowPlan.phases.map((rowPhase) =>
      colPlan.phases.map((colPhase) => phaseGradient(dy, weights, filter.shape, geometry, rowPlan, rowPhase, colPlan, colPhase)),
    );
    const interleaved = interleavePhases(rowsOfPhases, rowPlan, colPlan);
    const { inSize: height } = geometry.rows;
    const { inSize: width } = geometry.cols;
    if (rowPlan.offset === 0 && colPlan.offset === 0 && interleaved.shape[1] === height && interleaved.shape[2] === width) {
      return interleaved;
    }
    return tf.slice(interleaved, [0, rowPlan.offset, colPlan.offset, 0], [geometry.batch, height, width, geometry.inChannels]);
  });
}

function phaseGradient(
  dy: tf.Tensor4D,
  weights: Float32Array,
  filterShape: [number, number, number, number],
  geometry: ConvGeometry,
  rowPlan: AxisPhasePlan,
  rowPhase: AxisPhase,
  colPlan: AxisPhasePlan,
  colPhase: AxisPhase,
): tf.Tensor4D {
  const { batch, inChannels } = geometry;
  if (rowPhase.taps.length === 0 || colPhase.taps.length === 0) {
    return tf.zeros([batch, rowPlan.length, colPlan.length, inChannels]);
  }
  const phaseFilter = flippedTransposedTaps(weights, filterShape, rowPhase.taps, colPhase.taps);
  const rowSpan = (rowPhase.taps.length - 1) * rowPhase.dilation;
  const colSpan = (colPhase.taps.length - 1) * colPhase.dilation;
  return windowedConv2d(
    dy,
    phaseFilter,
    windowFor(geometry.rows.outSize, rowPlan.length, rowSpan, rowPhase.before),
    windowFor(geometry.cols.outSize, colPlan.length, colSpan, colPhase.before),
    [1, 1],
    [rowPhase.dilation, colPhase.dilation],
  );
}

/** The chosen taps of a [kh, kw, in, out] filter, flipped in space and with in/out swapped: [rows, cols, out, in]. */
function flippedTransposedTaps(
  weights: Float32Array,
  [, kernelWidth, inChannels, outChannels]: [number, number, number, number],
  rowTaps: readonly number[],
  colTaps: readonly number[],
): tf.Tensor4D {
  const rows = rowTaps.length;
  const cols = colTaps.length;
  const out = new Float32Array(rows * cols * outChannels * inChannels);
  let target = 0;
  for (let u = rows - 1; u >= 0; u--) {
    for (let v = cols - 1; v >= 0; v--) {
      const tapBase = (rowTaps[u]! * kernelWidth + colTaps[v]!) * inChannels * outChannels;
      for (let o = 0; o < outChannels; o++) {
        for (let i = 0; i < inChannels; i++) out[target++] = weights[tapBase + i * outChannels + o]!;
      }
    }
  }
  return tf.tensor4d(out, [rows, cols, outChannels, inChannels]);
}
