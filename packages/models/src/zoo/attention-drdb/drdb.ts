import * as tf from '@tensorflow/tfjs';
import { DilatedConv2D } from '../../layers/dilated-conv2d.js';
import type { AttentionDrdbConfig } from './config.js';
import { apply, concat, type LayerFactory } from './layers.js';

type DrdbConfig = AttentionDrdbConfig['drdb'];

/**
 * AHDRNet's dilated residual dense block DRDB(C, L, G, d): L dense layers f_l = ReLU(conv3x3 dilation d
 * (zero padding d) of concat[x, f_1..f_{l-1}] -> G), a 1x1 fusion of concat[x, f_1..f_L] back to C channels,
 * and the input added. Kaiming-normal init, biases on, no normalisation (AHDRNet's code).
 */
export function drdb(factory: LayerFactory, name: string, x: tf.SymbolicTensor, channels: number, config: DrdbConfig): tf.SymbolicTensor {
  const features = [x];
  for (let layer = 1; layer <= config.numLayers; layer++) {
    const input = features.length === 1 ? x : concat(`${name}_dense${layer}_in`, [...features]);
    const conv = new DilatedConv2D({ name: `${name}_dense${layer}`, filters: config.growth, kernelSize: 3, dilation: config.dilation, kernelInitializer: factory.he(`${name}_dense${layer}`) });
    features.push(apply(tf.layers.reLU({ name: `${name}_dense${layer}_relu` }), apply(conv, input)));
  }
  const fused = apply(factory.conv(`${name}_fuse`, channels, 1, 'linear', 'he'), concat(`${name}_dense_all`, [...features]));
  return apply(tf.layers.add({ name: `${name}_residual` }), [fused, x]);
}

/** How far a DRDB reaches, in pixels of its input. */
export function drdbRadius(config: DrdbConfig): number {
  return config.numLayers * config.dilation;
}
