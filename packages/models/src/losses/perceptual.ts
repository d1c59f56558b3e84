import * as tf from '@tensorflow/tfjs';

/**
 * Perceptual distance between two feature maps [N, h, w, C] (hybrid-loss eq. 6): per image
 * (1/N_l) sum_k ||phi_k(prediction) - phi_k(target)||^2 over the N_l = h w feature positions, the norm summing
 * the C feature channels, averaged over the batch.
 */
export function perceptualLoss(predictionFeatures: tf.Tensor4D, targetFeatures: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sum(tf.square(tf.sub(predictionFeatures, targetFeatures)), -1)) as tf.Scalar);
}
