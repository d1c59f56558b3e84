import * as tf from '@tensorflow/tfjs';
import { CaffePreprocess } from './layers.js';
import { layerSeed } from '../../layers/layer-seed.js';

export const VGG19_PREFIX = 'vgg19_';

/** Which VGG19 activation the perceptual loss compares: after the 5th max-pool [S001], or before it, after conv5_4's ReLU [S000]. */
export type VggLayer = 'pool5' | 'relu5_4';

const VGG19_BLOCKS = [
  { channels: 64, convs: 2 },
  { channels: 128, convs: 2 },
  { channels: 256, convs: 4 },
  { channels: 512, convs: 4 },
  { channels: 512, convs: 4 },
] as const;

export interface Vgg19Options {
  readonly widthDivisor: number;
  readonly layer: VggLayer;
  /** Seed of the He-normal weights a random-init VGG19 keeps; none when a file will fill every weight. */
  readonly seed?: number;
}

/**
 * VGG19's convolutional part as a frozen feature extractor for the perceptual loss. Its input is a log
 * image log(h + eps); the first layer treats it as an image in [0, 1] units: x 255, RGB to BGR, minus the
 * ImageNet means (the spec's default; the paper does not say). Layer names are Keras' (`block1_conv1`...)
 * behind VGG19_PREFIX, so `keras.applications.VGG19(include_top=False)` converted to TF.js loads by name.
 */
export function buildVgg19Features({ widthDivisor, layer, seed }: Vgg19Options): tf.LayersModel {
  const name = (part: string) => `${VGG19_PREFIX}${part}`;
  const input = tf.input({ shape: [null, null, 3] as unknown as number[], name: name('input') });
  let x = new CaffePreprocess({ scale: 255, name: name('caffe_preprocess') }).apply(input) as tf.SymbolicTensor;
  VGG19_BLOCKS.forEach(({ channels, convs }, b) => {
    for (let i = 1; i <= convs; i++) {
      const conv = `block${b + 1}_conv${i}`;
      x = tf.layers
        .conv2d({
          name: name(conv),
          filters: channels / widthDivisor,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          trainable: false,
          kernelInitializer: seed === undefined ? 'zeros' : tf.initializers.heNormal({ seed: layerSeed(seed, name(conv)) }),
        })
        .apply(x) as tf.SymbolicTensor;
    }
    if (b < VGG19_BLOCKS.length - 1 || layer === 'pool5') {
      x = tf.layers.maxPooling2d({ name: name(`block${b + 1}_pool`), poolSize: 2, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
    }
  });
  const model = tf.model({ inputs: input, outputs: x, name: 'vgg19_features' });
  model.trainable = false;
  return model;
}
