import * as tf from '@tensorflow/tfjs';
import { filterGradientWindow, type ConvGeometry } from './geometry.js';
import { windowedConv2d } from './windowed-conv.js';

/**
 * Gradient of an NHWC convolution with respect to its filter, as one forward convolution with the
 * batch and channel roles swapped: the input becomes [Cin, H, W, N], dy becomes a [outH, outW, N, Cout]
 * filter, the forward dilation becomes the stride and the forward stride the dilation. The result,
 * [Cin, kh, kw, Cout], is exactly the filter gradient after one 4-D transpose. One XNNPACK call covers
 * every stride, dilation and padding.
 */
export function convBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, geometry: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const channelsAsBatch = tf.transpose(x, [3, 1, 2, 0]);
    const dyAsFilter = tf.transpose(dy, [1, 2, 0, 3]);
    const { rows, cols } = geometry;
    const gradient = windowedConv2d(
      channelsAsBatch,
      dyAsFilter,
      filterGradientWindow(rows),
      filterGradientWindow(cols),
      [rows.dilation, cols.dilation],
      [rows.stride, cols.stride],
    );
    return tf.transpose(gradient, [1, 2, 0, 3]);
  });
}
