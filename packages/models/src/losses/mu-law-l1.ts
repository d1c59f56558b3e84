import * as tf from '@tensorflow/tfjs';

/** The mu-law compression constant of HDR-GAN and Kalantari's convention [S002][C]. */
export const MU_LAW_MU = 5000;

/** T(h) = ln(1 + mu h) / ln(1 + mu), for h in [0, 1]. */
export function muLaw(h: number, mu = MU_LAW_MU): number {
  return Math.log1p(mu * h) / Math.log1p(mu);
}

/** T^-1(t) = ((1 + mu)^t - 1) / mu. */
export function muLawInverse(t: number, mu = MU_LAW_MU): number {
  return Math.expm1(t * Math.log1p(mu)) / mu;
}

/** T(h) element-wise on a tensor. */
export function muLawTensor<T extends tf.Tensor>(h: T, mu = MU_LAW_MU): T {
  return tf.tidy(() => tf.div(tf.log1p(tf.mul(h, mu)), Math.log1p(mu)) as T);
}

/**
 * Linear HDR as the network's [-1, 1] mu-law target: 2 T(clip(h, 0, 1)) - 1 (the code's T'(2h - 1)). A tanh
 * output cannot go past h = 1, the shortest exposure's saturation point, so radiance beyond it is clipped here
 * rather than chased.
 */
export function muLawTarget(linear: tf.Tensor4D, mu = MU_LAW_MU): tf.Tensor4D {
  return tf.tidy(() => tf.sub(tf.mul(muLawTensor(tf.clipByValue(linear, 0, 1), mu), 2), 1) as tf.Tensor4D);
}

/** Linear HDR from a [-1, 1] mu-law output: T^-1((o + 1) / 2). */
export function linearFromMuLawOutput(output: tf.Tensor4D, mu = MU_LAW_MU): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.expm1(tf.mul(tf.div(tf.add(output, 1), 2), Math.log1p(mu))), mu) as tf.Tensor4D);
}

/**
 * HDR-GAN's reconstruction term for one output: mean |O - T'(GT')| over pixels, channels and batch, both in
 * the [-1, 1] mu-law domain (twice the L1 between mu-law images in [0, 1]). `target` is that domain's target
 * (muLawTarget), made once per batch for every output.
 */
export function muLawL1(output: tf.Tensor4D, target: tf.Tensor4D): tf.Scalar {
  if (output.shape.join() !== target.shape.join()) {
    throw new Error(`muLawL1: output is [${output.shape.join(', ')}] but target is [${target.shape.join(', ')}]`);
  }
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(output, target))) as tf.Scalar);
}
