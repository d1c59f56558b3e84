import * as tf from '@tensorflow/tfjs';
import type { AxisWindow } from './geometry.js';

/**
 * A convolution whose input is first padded or cropped per axis (negative padding crops), so that
 * gradient formulations can ask for any window. Padding goes to tf.conv2d as explicit pads, which
 * XNNPACK applies inside the convolution instead of materialising a padded copy.
 */
export function windowedConv2d(
  input: tf.Tensor4D,
  filter: tf.Tensor4D,
  rows: AxisWindow,
  cols: AxisWindow,
  strides: [number, number],
  dilations: [number, number],
  kind: 'dense' | 'depthwise' = 'dense',
): tf.Tensor4D {
  const [batch, height, width] = input.shape;
  const cropTop = Math.max(0, -rows.before);
  const cropBottom = Math.max(0, -rows.after);
  const cropLeft = Math.max(0, -cols.before);
  const cropRight = Math.max(0, -cols.after);
  const keptRows = height - cropTop - cropBottom;
  const keptCols = width - cropLeft - cropRight;
  if (keptRows <= 0 || keptCols <= 0) {
    const outRows = outputLength(height, rows, filter.shape[0], strides[0], dilations[0]);
    const outCols = outputLength(width, cols, filter.shape[1], strides[1], dilations[1]);
    const channels = kind === 'dense' ? filter.shape[3] : filter.shape[2] * filter.shape[3];
    return tf.zeros([batch, outRows, outCols, channels]);
  }
  const cropped =
    cropTop + cropBottom + cropLeft + cropRight === 0
      ? input
      : tf.slice(input, [0, cropTop, cropLeft, 0], [batch, keptRows, keptCols, input.shape[3]]);
  const pads: tf.backend_util.ExplicitPadding = [
    [0, 0],
    [Math.max(0, rows.before), Math.max(0, rows.after)],
    [Math.max(0, cols.before), Math.max(0, cols.after)],
    [0, 0],
  ];
  const result =
    kind === 'dense'
      ? tf.conv2d(cropped, filter, strides, pads, 'NHWC', dilations)
      : tf.depthwiseConv2d(cropped, filter, strides, pads, 'NHWC', dilations);
  if (cropped !== input) cropped.dispose();
  return result;
}

function outputLength(inSize: number, window: AxisWindow, kernel: number, stride: number, dilation: number): number {
  const span = (kernel - 1) * dilation;
  return Math.max(0, Math.floor((inSize + window.before + window.after - span - 1) / stride) + 1);
}
