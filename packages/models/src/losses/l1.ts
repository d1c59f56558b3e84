import * as tf from '@tensorflow/tfjs';

/**
 * Deep Chain HDRI's pixel loss (eq. 4): the L1 norm of each pixel's channel vector, averaged over the
 * pixels and the batch, i.e. (1 / (w h)) sum_{u,v} |y_hat(u, v) - y(u, v)|_1 per image. It is the channel
 * count times the element-wise mean absolute error.
 */
export function l1Loss(prediction: tf.Tensor4D, target: tf.Tensor4D): tf.Scalar {
  if (prediction.shape.join() !== target.shape.join()) {
    throw new Error(`l1Loss: prediction is [${prediction.shape.join(', ')}] but target is [${target.shape.join(', ')}]`);
  }
  return tf.tidy(() => tf.mean(tf.sum(tf.abs(tf.sub(prediction, target)), 3)) as tf.Scalar);
}
