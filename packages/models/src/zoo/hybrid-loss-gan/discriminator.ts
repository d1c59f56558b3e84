import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../../layers/layer-seed.js';

export const DISCRIMINATOR_PREFIX = 'd_';

export type DiscriminatorHead = 'flatten' | 'gap';

/** SRGAN's eight 3x3 convs: channels and stride. */
const CONVS = [
  { channels: 64, stride: 1 },
  { channels: 64, stride: 2 },
  { channels: 128, stride: 1 },
  { channels: 128, stride: 2 },
  { channels: 256, stride: 1 },
  { channels: 256, stride: 2 },
  { channels: 512, stride: 1 },
  { channels: 512, stride: 2 },
] as const;

export interface DiscriminatorOptions {
  readonly widthDivisor: number;
  /** `flatten`: SRGAN's head, fixed input size; `gap`: global average pool first, any size. */
  readonly head: DiscriminatorHead;
  /** Side of the (square) training crops the flatten head is built for. */
  readonly inputSize: number;
  readonly seed: number;
}

/**
 * The SRGAN discriminator (Ledig et al. 2017) on log-domain images: 8 convs with LeakyReLU 0.2 and BatchNorm
 * after all but the first (no bias where BN follows), then fc 1024 + LeakyReLU and fc 1. It outputs the
 * logit; D = sigmoid(logit) is applied inside the losses, which stay finite that way. He-normal init, trained
 * from scratch.
 */
export function buildDiscriminator({ widthDivisor, head, inputSize, seed }: DiscriminatorOptions): tf.LayersModel {
  const name = (layer: string) => `${DISCRIMINATOR_PREFIX}${layer}`;
  const heNormal = (layer: string) => tf.initializers.heNormal({ seed: layerSeed(seed, name(layer)) });
  const side = head === 'flatten' ? inputSize : null;
  const input = tf.input({ shape: [side, side, 3] as unknown as number[], name: name('input') });
  let x: tf.SymbolicTensor = input;
  CONVS.forEach(({ channels, stride }, i) => {
    const index = i + 1;
    x = tf.layers
      .conv2d({ name: name(`conv${index}`), filters: channels / widthDivisor, kernelSize: 3, strides: stride, padding: 'same', useBias: index === 1, kernelInitializer: heNormal(`conv${index}`) })
      .apply(x) as tf.SymbolicTensor;
    if (index > 1) x = tf.layers.batchNormalization({ name: name(`bn${index}`), momentum: 0.9, epsilon: 1e-5 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ name: name(`lrelu${index}`), alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
  });
  x = (head === 'flatten' ? tf.layers.flatten({ name: name('flatten') }) : tf.layers.globalAveragePooling2d({ name: name('gap') })).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ name: name('fc1'), units: 1024 / widthDivisor, kernelInitializer: heNormal('fc1') }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.leakyReLU({ name: name('fc1_lrelu'), alpha: 0.2 }).apply(x) as tf.SymbolicTensor;
  const logit = tf.layers.dense({ name: name('fc2'), units: 1, kernelInitializer: heNormal('fc2') }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logit, name: 'srgan_discriminator' });
}
