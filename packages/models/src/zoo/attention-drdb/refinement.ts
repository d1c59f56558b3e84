import type * as tf from '@tensorflow/tfjs';
import type { AttentionDrdbConfig } from './config.js';
import { apply, concat, type LayerFactory } from './layers.js';

/**
 * HDR-VAM's refinement: P = SepConv3x3(R -> 3, ReLU) from the reference features; three times
 * x = SepConv3x3 (ReLU)(SepConv3x3 (linear)(concat[x, P])) starting from x = the reconstruction; then
 * sigmoid(conv1x1(x -> 3)), the sigmoid-encoded gamma-domain HDR.
 */
export function refinement(factory: LayerFactory, reference: tf.SymbolicTensor, reconstructed: tf.SymbolicTensor, config: AttentionDrdbConfig): tf.SymbolicTensor {
  const width = config.width.refinement;
  const prior = apply(factory.separable('ref_prior', 3, 'relu'), reference);
  let x = reconstructed;
  for (let round = 1; round <= 3; round++) {
    const joined = concat(`ref_${round}_in`, [x, prior]);
    x = apply(factory.separable(`ref_${round}_sep1`, width, 'linear'), joined);
    x = apply(factory.separable(`ref_${round}_sep2`, width, 'relu'), x);
  }
  return apply(factory.conv('ref_out', 3, 1, 'sigmoid'), x);
}

/** Six 3x3 separable convs after the reconstruction. */
export const REFINEMENT_RADIUS = 6;
