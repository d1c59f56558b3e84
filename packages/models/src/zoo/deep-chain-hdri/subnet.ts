import * as tf from '@tensorflow/tfjs';
import { DilatedConv2D } from '../../layers/dilated-conv2d.js';
import { MPReLU } from '../../layers/mprelu.js';
import type { DeepChainConfig } from './config.js';
import { layerSeed } from '../../layers/layer-seed.js';

type SubnetConfig = DeepChainConfig['subnet'];
export type Activation = SubnetConfig['activationUp'];

/** Channels a subnetwork sees: RGB at once, or one colour plane at a time. */
export function subnetChannels(config: SubnetConfig): 1 | 3 {
  return config.channels === 'rgb' ? 3 : 1;
}

/**
 * Receptive-field radius of one subnetwork: the 3x3 feature blocks (radius d each) and r3 (3x3). The paper's
 * "receptive field 67" counts the feature blocks only (radius 33); r3 adds one pixel.
 */
export function subnetRadius(config: SubnetConfig): number {
  return config.dilations.reduce((sum, dilation) => sum + dilation, 0) + 1;
}

/**
 * Subnetwork N_{i->j} of Deep Chain HDRI ([S003] 4.2 with the design notes' DCSCN reading of its Figure 4):
 * seven blocks conv3x3 (dilations 1, 1, 2, 3, 5, 8, 13) + BN + activation; their outputs concatenated;
 * reconstruction r1 (1x1) and r2 (1x1) -> r3 (3x3), each + BN + activation; r4 = tanh(1x1 conv of
 * [r1, r3]) to the input's channels; output = input + r4. Convolutions followed by batch norm carry no bias
 * (BN's beta is that offset); without batch norm they do. Layers are named `<name>_<block>_<kind>`.
 */
export function buildSubnet(name: string, config: SubnetConfig, activation: Activation, seed: number): tf.LayersModel {
  const channels = subnetChannels(config);
  const he = (layer: string) => tf.initializers.heNormal({ seed: layerSeed(seed, `${name}_${layer}`) });
  const block = (x: tf.SymbolicTensor, block: string, kernelSize: number, dilation: number): tf.SymbolicTensor => {
    const convArgs = { name: `${name}_${block}_conv`, filters: config.width, kernelSize, useBias: !config.batchNorm, kernelInitializer: he(`${block}_conv`) };
    // tf.layers.conv2d runs the fused kernel, whose gradient refuses dilation > 1.
    const conv = dilation === 1 ? tf.layers.conv2d({ ...convArgs, padding: 'same' }) : new DilatedConv2D({ ...convArgs, dilation });
    let y = conv.apply(x) as tf.SymbolicTensor;
    if (config.batchNorm) {
      y = tf.layers.batchNormalization({ name: `${name}_${block}_bn`, axis: -1, momentum: config.bnMomentum, epsilon: config.bnEpsilon }).apply(y) as tf.SymbolicTensor;
    }
    const act =
      activation === 'prelu'
        ? tf.layers.prelu({ name: `${name}_${block}_act`, alphaInitializer: tf.initializers.constant({ value: config.alphaInitial }), sharedAxes: [1, 2] })
        : new MPReLU({ name: `${name}_${block}_act`, alphaInitial: config.alphaInitial });
    return act.apply(y) as tf.SymbolicTensor;
  };
  const input = tf.input({ shape: [null, null, channels] as unknown as number[], name: `${name}_input` });
  const features: tf.SymbolicTensor[] = [];
  let x = input;
  config.dilations.forEach((dilation, index) => {
    x = block(x, `f${index + 1}`, 3, dilation);
    features.push(x);
  });
  const phi = config.featureConcat && features.length > 1 ? (tf.layers.concatenate({ name: `${name}_features`, axis: -1 }).apply(features) as tf.SymbolicTensor) : x;
  const r1 = block(phi, 'r1', 1, 1);
  const r3 = block(block(phi, 'r2', 1, 1), 'r3', 3, 1);
  const joined = tf.layers.concatenate({ name: `${name}_r13`, axis: -1 }).apply([r1, r3]) as tf.SymbolicTensor;
  const r4 = tf.layers
    .conv2d({ name: `${name}_r4_conv`, filters: channels, kernelSize: 1, activation: 'tanh', kernelInitializer: he('r4_conv') })
    .apply(joined) as tf.SymbolicTensor;
  const output = tf.layers.add({ name: `${name}_residual` }).apply([input, r4]) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name });
}
