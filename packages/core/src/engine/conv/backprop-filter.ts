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
    const [batch, height, width, channels] = x.shape;
    // As a 3-D transpose of [N, H*W, C]: wasm's 3-D path is faster than its 4-D one for this permutation.
    const channelsAsBatch = tf.reshape(tf.transpose(tf.reshape(x, [batch, height * width, channels]), [2, 1, 0]), [
      channels,
      height,
      width,
      batch,
    ]) as tf.Tensor4D;
    const dyAsFilter = tf.transpose(dy, [1, 2, 0, 3]);
    const gradient = filterGradientConv(channelsAsBatch, dyAsFilter, geometry, 'dense');
    return tf.transpose(gradient, [1, 2, 0, 3]);
  });
}

/**
 * The swapped convolution shared by the dense and depthwise filter gradients: the forward dilation is its
 * stride, the forward stride its dilation, and its padding yields exactly the kernel's size.
 */
export function filterGradientConv(
  input: tf.Tensor4D,
  dyAsFilter: tf.Tensor4D,
  { rows, cols }: ConvGeometry,
  kind: 'dense' | 'depthwise',
): tf.Tensor4D {
  return windowedConv2d(
    input,
    dyAsFilter,
    filterGradientWindow(rows),
    filterGradientWindow(cols),
    [rows.dilation, cols.dilation],
    [rows.stride, cols.stride],
    kind,
  );
}
