import * as tf from '@tensorflow/tfjs';

/** The under-exposure weighting of Moriwaki et al. (eq. 3). */
export interface UnderExposureWeighting {
  /** Darkest-channel value below which a pixel counts as under-exposed (0.05 in the paper). */
  readonly tau: number;
  /** Extra weight of a black pixel: weights run from 1 at min_c x = tau up to 1 + gamma at 0 (5 in the paper; 0 turns it off). */
  readonly gamma: number;
}

/**
 * w_i = 1 + gamma max(0, 1 - min_c(x_ic) / tau) from the input LDR x in [0, 1], as [N, H, W, 1]. The weight
 * comes from the input, not the target: it marks where the 8-bit input quantised the scene coarsely.
 */
export function underExposureWeights(input: tf.Tensor4D, { tau, gamma }: UnderExposureWeighting): tf.Tensor4D {
  return tf.tidy(() => {
    const darkest = tf.min(input, -1, true);
    return tf.add(1, tf.mul(gamma, tf.relu(tf.sub(1, tf.div(darkest, tau))))) as tf.Tensor4D;
  });
}

/**
 * The hybrid-loss reconstruction term (eq. 2): per image (1/N) sum_i w_i ||log(ŷ_i + eps) - log(y_i + eps)||^2,
 * the norm summing the colour channels, averaged over the batch. Takes the log images log(· + eps), so the
 * caller decides eps once for every term that works in the log domain.
 */
export function weightedLogL2(logPrediction: tf.Tensor4D, logTarget: tf.Tensor4D, input: tf.Tensor4D, weighting: UnderExposureWeighting): tf.Scalar {
  return tf.tidy(() => {
    const squared = tf.sum(tf.square(tf.sub(logPrediction, logTarget)), -1, true);
    return tf.mean(tf.mul(underExposureWeights(input, weighting), squared)) as tf.Scalar;
  });
}
