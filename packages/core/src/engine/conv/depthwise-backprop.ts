import * as tf from '@tensorflow/tfjs';
import { filterGradientConv } from './backprop-filter.js';
import { windowFor, type ConvGeometry } from './geometry.js';
import { interleavePhases, planAxisPhases } from './phases.js';
import { windowedConv2d } from './windowed-conv.js';

/**
 * Input gradient of a depthwise convolution (filter [kh, kw, C, m], output channel c*m + q): the same
 * sub-pixel phase decomposition as the dense case, each phase a stride-1 depthwise convolution of dy
 * with flipped taps, then the m channel multiples of each input channel summed.
 */
export function depthwiseBackpropInput(dy: tf.Tensor4D, filter: tf.Tensor4D, geometry: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const [, , channels, multiplier] = filter.shape;
    const rowPlan = planAxisPhases(geometry.rows);
    const colPlan = planAxisPhases(geometry.cols);
    const weights = filter.dataSync() as Float32Array;
    const grid = rowPlan.phases.map((rowPhase) =>
      colPlan.phases.map((colPhase) => {
        const outChannels = channels * multiplier;
        if (rowPhase.taps.length === 0 || colPhase.taps.length === 0) {
          return tf.zeros([geometry.batch, rowPlan.length, colPlan.length, outChannels]) as tf.Tensor4D;
        }
        const taps = flippedTaps(weights, filter.shape, rowPhase.taps, colPhase.taps);
        return windowedConv2d(
          dy,
          taps,
          windowFor(geometry.rows.outSize, rowPlan.length, (rowPhase.taps.length - 1) * rowPhase.dilation, rowPhase.before),
          windowFor(geometry.cols.outSize, colPlan.length, (colPhase.taps.length - 1) * colPhase.dilation, colPhase.before),
          [1, 1],
          [rowPhase.dilation, colPhase.dilation],
          'depthwise',
        );
      }),
    );
    let gradient = interleavePhases(grid, rowPlan, colPlan);
    if (multiplier > 1) {
      const [batch, rows, cols] = gradient.shape;
      gradient = tf.sum(tf.reshape(gradient, [batch, rows, cols, channels, multiplier]), 4) as tf.Tensor4D;
    }
    const { inSize: height } = geometry.rows;
    const { inSize: width } = geometry.cols;
    if (gradient.shape[1] === height && gradient.shape[2] === width) return gradient;
    return tf.slice(gradient, [0, rowPlan.offset, colPlan.offset, 0], [geometry.batch, height, width, channels]);
  });
}

/**
 * Filter gradient of a depthwise convolution as one depthwise convolution: the batch moves into the
 * channel axis ([1, H, W, N*C]), dy becomes an [outH, outW, N*C, m] filter, the forward dilation becomes
 * the stride and the forward stride the dilation; summing the N copies gives [kh, kw, C, m].
 */
export function depthwiseBackpropFilter(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly [number, number, number, number],
  geometry: ConvGeometry,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kernelHeight, kernelWidth, channels, multiplier] = filterShape;
    const [batch, height, width] = x.shape;
    const [, outHeight, outWidth] = dy.shape;
    const stacked = tf.reshape(tf.transpose(x, [1, 2, 0, 3]), [1, height, width, batch * channels]) as tf.Tensor4D;
    const dyAsFilter = tf.reshape(tf.transpose(dy, [1, 2, 0, 3]), [outHeight, outWidth, batch * channels, multiplier]) as tf.Tensor4D;
    const perImage = filterGradientConv(stacked, dyAsFilter, geometry, 'depthwise');
    const summed = tf.sum(tf.reshape(perImage, [kernelHeight, kernelWidth, batch, channels * multiplier]), 2);
    return tf.reshape(summed, [kernelHeight, kernelWidth, channels, multiplier]) as tf.Tensor4D;
  });
}

/** Flipped taps of a [kh, kw, C, m] filter as a multiplier-1 depthwise filter over the C*m channels of dy. */
function flippedTaps(
  weights: Float32Array,
  [, kernelWidth, channels, multiplier]: [number, number, number, number],
  rowTaps: readonly number[],
  colTaps: readonly number[],
): tf.Tensor4D {
  const perTap = channels * multiplier;
  const out = new Float32Array(rowTaps.length * colTaps.length * perTap);
  let target = 0;
  for (let u = rowTaps.length - 1; u >= 0; u--) {
    for (let v = colTaps.length - 1; v >= 0; v--) {
      const base = (rowTaps[u]! * kernelWidth + colTaps[v]!) * perTap;
      out.set(weights.subarray(base, base + perTap), target);
      target += perTap;
    }
  }
  return tf.tensor4d(out, [rowTaps.length, colTaps.length, perTap, 1]);
}
