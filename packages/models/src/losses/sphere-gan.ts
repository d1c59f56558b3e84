import * as tf from '@tensorflow/tfjs';

/**
 * The sphere's reference point N: `north` is the pole (0, ..., 0, 1), the paper's "north pole" [S002];
 * `first` is e0 = (1, 0, ..., 0), what the official code uses [C].
 */
export type SphereReference = 'north' | 'first';

/** arccos' is infinite at +-1: inner products are kept this far inside before it. */
const ACOS_MARGIN = 1e-6;

/**
 * Inverse stereographic projection of each row u in R^n of [batch, n] onto S^n in R^(n+1):
 * p(u) = [2u / (|u|^2 + 1), (|u|^2 - 1) / (|u|^2 + 1)].
 */
export function sphereProjection(u: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const squared = tf.sum(tf.square(u), 1, true);
    const denominator = tf.add(squared, 1);
    return tf.concat([tf.div(tf.mul(u, 2), denominator), tf.div(tf.sub(squared, 1), denominator)], 1) as tf.Tensor2D;
  });
}

/**
 * <p(u), N> per row without building p: the last coordinate for the north pole, the first for e0. Clamped
 * to [-1 + 1e-6, 1 - 1e-6] for the arccos that follows.
 */
function cosineToReference(u: tf.Tensor2D, reference: SphereReference): tf.Tensor1D {
  return tf.tidy(() => {
    const squared = tf.sum(tf.square(u), 1);
    const denominator = tf.add(squared, 1);
    const numerator = reference === 'north' ? tf.sub(squared, 1) : tf.mul(tf.reshape(tf.slice(u, [0, 0], [-1, 1]), [-1]), 2);
    return tf.clipByValue(tf.div(numerator, denominator), -1 + ACOS_MARGIN, 1 - ACOS_MARGIN) as tf.Tensor1D;
  });
}

/**
 * SphereGAN's moment distance of a batch from N: sum over r = 1..moments of the batch mean of
 * arccos(<p(u), N>)^r, with u each image's discriminator output flattened.
 */
export function sphereDistance(discriminatorOutput: tf.Tensor, reference: SphereReference, moments: number): tf.Scalar {
  if (!(Number.isInteger(moments) && moments >= 1)) throw new Error(`sphereDistance: moments must be a positive integer, got ${moments}`);
  return tf.tidy(() => {
    const u = tf.reshape(discriminatorOutput, [discriminatorOutput.shape[0]!, -1]) as tf.Tensor2D;
    const angle = tf.acos(cosineToReference(u, reference));
    const terms = Array.from({ length: moments }, (_, r) => tf.mean(tf.pow(angle, r + 1)));
    return tf.addN(terms) as tf.Scalar;
  });
}

/**
 * The discriminator's loss: sum over the fake groups of [dist(fake_j) - dist(real)], which pulls fakes to N
 * and pushes real images away (the real distance counts once per fake group, from one pass of D).
 */
export function sphereDiscriminatorLoss(realDistance: tf.Scalar, fakeDistances: readonly tf.Scalar[]): tf.Scalar {
  return tf.tidy(() => tf.addN(fakeDistances.map((fake) => tf.sub(fake, realDistance))) as tf.Scalar);
}

/** The generator's adversarial loss: -sum_j dist(fake_j), pushing its outputs away from N, where D puts real images. */
export function sphereGeneratorLoss(fakeDistances: readonly tf.Scalar[]): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.addN([...fakeDistances])) as tf.Scalar);
}
