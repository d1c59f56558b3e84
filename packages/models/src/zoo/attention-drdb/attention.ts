import type * as tf from '@tensorflow/tfjs';
import type { AttentionDrdbConfig } from './config.js';
import { apply, concat, type LayerFactory } from './layers.js';

/**
 * HDR-VAM's attention module Att(f, r): concat(f, r) -> SepConv3x3 (ReLU, `width.attention`) -> SepConv3x3
 * (sigmoid, `width.features`). The attention map itself is the module's output; HDR-VAM multiplies it with nothing.
 */
export function attention(factory: LayerFactory, name: string, features: tf.SymbolicTensor, reference: tf.SymbolicTensor, config: AttentionDrdbConfig): tf.SymbolicTensor {
  const hidden = apply(factory.separable(`${name}_sep1`, config.width.attention, 'relu'), concat(`${name}_in`, [features, reference]));
  return apply(factory.separable(`${name}_sep2`, config.width.features, 'sigmoid'), hidden);
}

export const ATTENTION_RADIUS = 2;
