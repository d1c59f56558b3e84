import * as tf from '@tensorflow/tfjs';
import type { AttentionDrdbConfig } from './config.js';
import { apply, type LayerFactory } from './layers.js';

/**
 * HDR-VAM's alignment module Align(f, r): r1 = ReLU(conv3x3(r)); a = ReLU(conv3x3(r1)); b = ReLU(conv3x3(r1));
 * f * a + b, a per-pixel affine modulation of a non-reference exposure's features by the reference's.
 */
export function align(factory: LayerFactory, name: string, features: tf.SymbolicTensor, reference: tf.SymbolicTensor, config: AttentionDrdbConfig): tf.SymbolicTensor {
  const width = config.width.features;
  const r1 = apply(factory.conv(`${name}_ref`, width, 3, 'relu'), reference);
  const scale = apply(factory.conv(`${name}_scale`, width, 3, 'relu'), r1);
  const shift = apply(factory.conv(`${name}_shift`, width, 3, 'relu'), r1);
  const scaled = apply(tf.layers.multiply({ name: `${name}_mul` }), [features, scale]);
  return apply(tf.layers.add({ name: `${name}_add` }), [scaled, shift]);
}

export const ALIGN_RADIUS = 2;
