import * as tf from '@tensorflow/tfjs';
import type { AttentionDrdbConfig } from './config.js';
import { drdb } from './drdb.js';
import { apply, concat, type LayerFactory } from './layers.js';

/**
 * HDR-VAM's feature extractor FE: SepConv3x3 (linear) -> concat[MaxPool2, AvgPool2] -> SepConv3x3 (ReLU)
 * -> nearest x2 up-sampling, `width.features` channels at the input's size. With `drdb.position`
 * features32, a DRDB follows it.
 */
export function featureExtractor(factory: LayerFactory, name: string, x: tf.SymbolicTensor, config: AttentionDrdbConfig): tf.SymbolicTensor {
  const width = config.width.features;
  const first = apply(factory.separable(`${name}_sep1`, width, 'linear'), x);
  const pooled = concat(`${name}_pools`, [
    apply(tf.layers.maxPooling2d({ name: `${name}_max`, poolSize: 2, strides: 2 }), first),
    apply(tf.layers.averagePooling2d({ name: `${name}_avg`, poolSize: 2, strides: 2 }), first),
  ]);
  const second = apply(factory.separable(`${name}_sep2`, width, 'relu'), pooled);
  const features = apply(tf.layers.upSampling2d({ name: `${name}_up`, size: [2, 2] }), second);
  return config.drdb.enabled && config.drdb.position === 'features32' ? drdb(factory, `${name}_drdb`, features, width, config.drdb) : features;
}

/** FE's reach in input pixels: 3x3 at full size, the 2x2 pools, 3x3 at half size, the up-sampling. */
export const FEATURE_EXTRACTOR_RADIUS = 1 + 1 + 2 + 1;
