import * as tf from '@tensorflow/tfjs';

/**
 * Anisotropic L1 total variation, (1 / (w h)) sum_{u,v,c} (|x(u+1,v,c) - x(u,v,c)| + |x(u,v+1,c) - x(u,v,c)|),
 * averaged over the batch. Deep Chain HDRI adds it with weight 0.001 without giving its form; the sum runs
 * over the differences that exist (w-1 per row, h-1 per column) and is divided by the full pixel count w h,
 * as the paper's pixel loss is.
 */
export function anisotropicTotalVariation(image: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => {
    const [batch, height, width, channels] = image.shape;
    const pixels = height * width;
    const sumOver = (difference: tf.Tensor) => (difference.size === 0 ? tf.zeros([batch]) : tf.sum(tf.abs(difference), [1, 2, 3]));
    const vertical = tf.sub(tf.slice(image, [0, 1, 0, 0], [batch, height - 1, width, channels]), tf.slice(image, [0, 0, 0, 0], [batch, height - 1, width, channels]));
    const horizontal = tf.sub(tf.slice(image, [0, 0, 1, 0], [batch, height, width - 1, channels]), tf.slice(image, [0, 0, 0, 0], [batch, height, width - 1, channels]));
    return tf.div(tf.mean(tf.add(sumOver(vertical), sumOver(horizontal))), pixels) as tf.Scalar;
  });
}
