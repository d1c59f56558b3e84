import * as tf from '@tensorflow/tfjs';

/**
 * How the generator's adversarial term combines the batch: the hybrid-loss paper writes a sum over the
 * M images of the batch (eq. 4, and alpha was tuned with it); `mean` divides by M.
 */
export type AdversarialReduction = 'sum' | 'mean';

/**
 * Non-saturating generator loss -log D(fake) per image, from the discriminator's logits (D = sigmoid(logit),
 * so -log D = softplus(-logit), finite however confident D is).
 */
export function generatorAdversarialLoss(fakeLogits: tf.Tensor, reduction: AdversarialReduction): tf.Scalar {
  return tf.tidy(() => {
    const perImage = tf.softplus(tf.neg(fakeLogits));
    return (reduction === 'sum' ? tf.sum(perImage) : tf.mean(perImage)) as tf.Scalar;
  });
}

/**
 * Discriminator BCE with real = 1 (eq. 5): -(1/M) sum_j [log(1 - D(fake_j)) + log D(real_j)], from logits:
 * -log(1 - sigmoid(l)) = softplus(l) and -log sigmoid(l) = softplus(-l).
 */
export function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.add(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(fakeLogits))) as tf.Scalar);
}
