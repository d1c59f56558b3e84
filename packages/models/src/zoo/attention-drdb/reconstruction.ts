import * as tf from '@tensorflow/tfjs';
import type { AttentionDrdbConfig } from './config.js';
import { apply, concat, type LayerFactory } from './layers.js';

/**
 * HDR-VAM's U-shaped reconstruction. Encoder E1..E4: SepConv3x3 -> batch norm (Keras momentum / epsilon)
 * -> ReLU -> concat[AvgPool2, MaxPool2]. Decoder U1..U4 at 1/16 .. 1/2 of the input: concat[previous,
 * AvgPool_k(A), AvgPool_k(R)] -> SepConv3x3 (ReLU) -> nearest x2. Output SepConv1x1 (ReLU) to 3 channels.
 * A (the VAM features) and R (the reference features) enter every decoder stage, not the encoder's skips.
 */
export function reconstruction(factory: LayerFactory, fused: tf.SymbolicTensor, vam: tf.SymbolicTensor, reference: tf.SymbolicTensor, config: AttentionDrdbConfig): tf.SymbolicTensor {
  let x = fused;
  config.width.encoder.forEach((width, index) => {
    const stage = `rec_e${index + 1}`;
    x = apply(factory.separable(`${stage}_sep`, width, 'linear'), x);
    x = apply(tf.layers.batchNormalization({ name: `${stage}_bn`, axis: -1, momentum: config.bn.momentum, epsilon: config.bn.epsilon }), x);
    x = apply(tf.layers.reLU({ name: `${stage}_relu` }), x);
    x = concat(`${stage}_pools`, [
      apply(tf.layers.averagePooling2d({ name: `${stage}_avg`, poolSize: 2, strides: 2 }), x),
      apply(tf.layers.maxPooling2d({ name: `${stage}_max`, poolSize: 2, strides: 2 }), x),
    ]);
  });
  config.width.decoder.forEach((width, index) => {
    const stage = `rec_u${index + 1}`;
    const factor = 2 ** (4 - index);
    const pool = (input: tf.SymbolicTensor, what: string) => apply(tf.layers.averagePooling2d({ name: `${stage}_${what}_avg`, poolSize: factor, strides: factor }), input);
    x = concat(`${stage}_in`, [x, pool(vam, 'vam'), pool(reference, 'ref')]);
    x = apply(factory.separable(`${stage}_sep`, width, 'relu'), x);
    x = apply(tf.layers.upSampling2d({ name: `${stage}_up`, size: [2, 2] }), x);
  });
  return apply(factory.separable('rec_out', 3, 'relu', 1), x);
}

/**
 * The reconstruction's reach in input pixels: each 3x3 conv at scale s reaches s, each 2x2 pool and each
 * x2 up-sampling from scale s one more s (E1..E4 at 1..8 with their pools, U1..U4 at 16..2 with theirs).
 */
export const RECONSTRUCTION_RADIUS = 2 * (1 + 2 + 4 + 8) + 2 * (16 + 8 + 4 + 2);
