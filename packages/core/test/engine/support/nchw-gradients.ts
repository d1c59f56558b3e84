import * as tf from '@tensorflow/tfjs';
import type { CaseData, GridCase, Padding } from './gradient-grid.js';

function nchwPadding(pad: Padding): Padding {
  return typeof pad === 'string' ? pad : [pad[0], pad[3], pad[1], pad[2]];
}

/**
 * dx and dFilter of sum(conv2d(x, filter) * dy) with x and dy held channels-first, returned in NHWC
 * order so that they compare directly with the NHWC reference.
 */
export function nchwGradients(c: GridCase, data: CaseData): { dx: Float32Array; dFilter: Float32Array } {
  return tf.tidy(() => {
    const toNchw = (t: tf.Tensor) => tf.transpose(t, [0, 3, 1, 2]);
    const x = toNchw(tf.tensor4d(data.x, [...c.xShape])) as tf.Tensor4D;
    const dy = toNchw(tf.tensor4d(data.dy, [c.xShape[0], c.outHeight, c.outWidth, c.outChannels]));
    const filter = tf.tensor4d(data.filter, [c.kernel[0], c.kernel[1], c.xShape[3], c.outChannels]);
    const [dx, dFilter] = tf.grads((input: tf.Tensor, weights: tf.Tensor) =>
      tf.sum(tf.mul(tf.conv2d(input as tf.Tensor4D, weights as tf.Tensor4D, c.stride, nchwPadding(c.pad), 'NCHW', c.dilation), dy)),
    )([x, filter]);
    return { dx: tf.transpose(dx!, [0, 2, 3, 1]).dataSync() as Float32Array, dFilter: dFilter!.dataSync() as Float32Array };
  });
}
