import * as tf from '@tensorflow/tfjs';

/**
 * Runs `f` with `network` in training mode allowed to normalise by batch statistics but not to move its
 * running statistics: they are put back afterwards. A GAN step evaluates the other network in training mode
 * (as the paper's alternating updates do) without that network's state changing, so each update changes
 * exactly one network.
 */
export function withFrozenStatistics<T>(network: tf.LayersModel, f: () => T): T {
  const saved = network.nonTrainableWeights.map((weight) => tf.clone(weight.read()));
  try {
    return f();
  } finally {
    network.nonTrainableWeights.forEach((weight, i) => weight.write(saved[i]!));
    for (const tensor of saved) tensor.dispose();
  }
}
