import * as tf from '@tensorflow/tfjs';

/** Outputs are clamped to [CLAMP, 1 - CLAMP] before the logit, so the decode stays finite. */
const CLAMP = 1e-6;

/** HDR-VAM's training target: sigmoid(H^(1/gamma)) of linear HDR H (negative values taken as 0). */
export function encodeTarget(linear: Float32Array, gamma: number): Float32Array {
  return Float32Array.from(linear, (value) => 1 / (1 + Math.exp(-(Math.max(0, value) ** (1 / gamma)))));
}

/**
 * Linear HDR from the network's sigmoid-encoded output: G = clip(logit(clamp(o)), 0, inf), H = G^gamma, in the
 * units of the training ground truth. The clamp caps H at logit(1 - 1e-6)^gamma (about 360 for gamma 2.24).
 */
export function decodeOutput(output: tf.Tensor4D, gamma: number): tf.Tensor4D {
  return tf.tidy(() => {
    const o = tf.clipByValue(output, CLAMP, 1 - CLAMP);
    const g = tf.relu(tf.sub(tf.log(o), tf.log1p(tf.neg(o))));
    return tf.pow(g, gamma) as tf.Tensor4D;
  });
}
