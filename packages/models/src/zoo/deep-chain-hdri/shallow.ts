import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../../layers/layer-seed.js';

/** Receptive-field radius of the shallow baseline: six 3x3 layers. */
export const SHALLOW_RADIUS = 6;

/**
 * The "three convolution + three deconvolution layers with skip connections" network [S003] compares the
 * chain with (Table 2, its ref. [22], RED-Net-like; layers per the design notes): conv3x3 + ReLU x3, then
 * deconv3x3 + ReLU x2 and a deconv3x3 to three channels, all stride 1. Mirrored skips add conv2's output to
 * deconv2's input and conv1's to deconv3's (conv3 feeds deconv1 directly), and the output is input +
 * deconv3 (linear, clipped only at inference). Every layer has a bias.
 */
export function buildShallow(name: string, width: number, seed: number): tf.LayersModel {
  const he = (layer: string) => tf.initializers.heNormal({ seed: layerSeed(seed, `${name}_${layer}`) });
  const conv = (layer: string, x: tf.SymbolicTensor) =>
    tf.layers.conv2d({ name: `${name}_${layer}`, filters: width, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: he(layer) }).apply(x) as tf.SymbolicTensor;
  const deconv = (layer: string, x: tf.SymbolicTensor, filters: number, activation: 'relu' | 'linear') =>
    tf.layers
      .conv2dTranspose({ name: `${name}_${layer}`, filters, kernelSize: 3, strides: 1, padding: 'same', activation, kernelInitializer: he(layer) })
      .apply(x) as tf.SymbolicTensor;
  const add = (layer: string, a: tf.SymbolicTensor, b: tf.SymbolicTensor) => tf.layers.add({ name: `${name}_${layer}` }).apply([a, b]) as tf.SymbolicTensor;
  const input = tf.input({ shape: [null, null, 3] as unknown as number[], name: `${name}_input` });
  const c1 = conv('conv1', input);
  const c2 = conv('conv2', c1);
  const c3 = conv('conv3', c2);
  const d1 = deconv('deconv1', c3, width, 'relu');
  const d2 = deconv('deconv2', add('skip2', d1, c2), width, 'relu');
  const d3 = deconv('deconv3', add('skip1', d2, c1), 3, 'linear');
  const output = add('residual', input, d3);
  return tf.model({ inputs: input, outputs: output, name });
}
