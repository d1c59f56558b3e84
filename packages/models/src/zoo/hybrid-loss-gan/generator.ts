import * as tf from '@tensorflow/tfjs';
import { additiveFusionKernel, bilinearUpsamplingKernel } from './kernels.js';
import { CaffePreprocess, LdrCodeValues, LogSkipTransform, type InputTransform } from './layers.js';
import { layerSeed } from '../../layers/layer-seed.js';

/** Every generator layer name starts with this; the rest is the name a weights file uses. */
export const GENERATOR_PREFIX = 'g_';

/** VGG16's conv blocks: output channels and conv count (Keras names block<b>_conv<i>). */
const VGG16_BLOCKS = [
  { channels: 64, convs: 2 },
  { channels: 128, convs: 2 },
  { channels: 256, convs: 3 },
  { channels: 512, convs: 3 },
  { channels: 512, convs: 3 },
] as const;

/** HDR-CNN's BatchNorm settings (TensorLayer's defaults: decay 0.9, epsilon 1e-5). */
const BATCH_NORM = { momentum: 0.9, epsilon: 1e-5 } as const;

export interface GeneratorOptions {
  /** Channel widths are divided by this (1 = HDR-CNN's size). */
  readonly widthDivisor: number;
  readonly inputTransform: InputTransform;
  readonly seed: number;
}

/**
 * HDR-CNN (Eilertsen et al. 2017): VGG16's 13 convs as encoder on Caffe-preprocessed 255 x, a 3x3 conv + BN +
 * ReLU bottleneck (h6), five 4x4 stride-2 deconvs (bilinear start) + BN + ReLU, skip fusions that move the
 * encoder's activations to the log domain and start as a + s', a 1x1 conv to RGB + BN + ReLU (h7), and a
 * last fusion with the input. Output z = log(ŷ + 1/255), the size of the input (any multiple of 32).
 * Layer names: Keras' VGG16 names for the encoder (so a converted Keras VGG16 loads by name), HDR-CNN's
 * stage names for the rest, all behind GENERATOR_PREFIX.
 */
export function buildGenerator({ widthDivisor, inputTransform, seed }: GeneratorOptions): tf.LayersModel {
  const name = (layer: string) => `${GENERATOR_PREFIX}${layer}`;
  const width = (channels: number) => channels / widthDivisor;
  const heNormal = (layer: string) => tf.initializers.heNormal({ seed: layerSeed(seed, name(layer)) });
  const deconvs: { layer: string; out: number; in: number }[] = [];
  const fusions: { layer: string; channels: number }[] = [];

  const input = tf.input({ shape: [null, null, 3] as unknown as number[], name: name('input') });
  const codeValues = new LdrCodeValues({ transform: inputTransform, name: name('code_values') }).apply(input) as tf.SymbolicTensor;
  let x = new CaffePreprocess({ scale: 1, name: name('caffe_preprocess') }).apply(codeValues) as tf.SymbolicTensor;
  const skips: tf.SymbolicTensor[] = [codeValues];
  VGG16_BLOCKS.forEach(({ channels, convs }, b) => {
    for (let i = 1; i <= convs; i++) {
      const layer = `block${b + 1}_conv${i}`;
      x = tf.layers
        .conv2d({ name: name(layer), filters: width(channels), kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: heNormal(layer) })
        .apply(x) as tf.SymbolicTensor;
    }
    skips.push(x);
    x = tf.layers.maxPooling2d({ name: name(`block${b + 1}_pool`), poolSize: 2, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  });

  const batchNormRelu = (from: tf.SymbolicTensor, stage: string) => {
    const normalised = tf.layers.batchNormalization({ name: name(`${stage}_bn`), ...BATCH_NORM }).apply(from);
    return tf.layers.reLU({ name: name(`${stage}_relu`) }).apply(normalised) as tf.SymbolicTensor;
  };
  const deconv = (from: tf.SymbolicTensor, stage: string, outChannels: number) => {
    const inChannels = from.shape[3]!;
    const layer = `${stage}_deconv`;
    deconvs.push({ layer, out: outChannels, in: inChannels });
    const up = tf.layers.conv2dTranspose({ name: name(layer), filters: outChannels, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: 'zeros' }).apply(from) as tf.SymbolicTensor;
    return batchNormRelu(up, stage);
  };
  const fuse = (from: tf.SymbolicTensor, skip: tf.SymbolicTensor, stage: string) => {
    const channels = from.shape[3]!;
    const layer = `${stage}_fuse`;
    fusions.push({ layer, channels });
    const logSkip = new LogSkipTransform({ name: name(`${stage}_skip_log`) }).apply(skip) as tf.SymbolicTensor;
    const joined = tf.layers.concatenate({ name: name(`${stage}_concat`), axis: -1 }).apply([from, logSkip]);
    return tf.layers.conv2d({ name: name(layer), filters: channels, kernelSize: 1, kernelInitializer: 'zeros' }).apply(joined) as tf.SymbolicTensor;
  };

  x = tf.layers.conv2d({ name: name('h6_conv'), filters: width(512), kernelSize: 3, padding: 'same', kernelInitializer: heNormal('h6_conv') }).apply(x) as tf.SymbolicTensor;
  x = batchNormRelu(x, 'h6');
  x = deconv(x, 'dec1', width(512));
  x = deconv(fuse(x, skips[5]!, 'dec2'), 'dec2', width(512));
  x = deconv(fuse(x, skips[4]!, 'dec3'), 'dec3', width(256));
  x = deconv(fuse(x, skips[3]!, 'dec4'), 'dec4', width(128));
  x = deconv(fuse(x, skips[2]!, 'dec5'), 'dec5', width(64));
  x = fuse(x, skips[1]!, 'dec6');
  x = tf.layers.conv2d({ name: name('dec7_conv'), filters: 3, kernelSize: 1, kernelInitializer: tf.initializers.glorotNormal({ seed: layerSeed(seed, name('dec7_conv')) }) }).apply(x) as tf.SymbolicTensor;
  x = batchNormRelu(x, 'dec7');
  const output = fuse(x, skips[0]!, 'dec7');
  const model = tf.model({ inputs: input, outputs: output, name: 'hdrcnn_generator' });

  tf.tidy(() => {
    for (const { layer, out, in: inChannels } of deconvs) {
      const target = model.getLayer(name(layer));
      target.setWeights([bilinearUpsamplingKernel(out, inChannels), tf.zeros([out])]);
    }
    for (const { layer, channels } of fusions) model.getLayer(name(layer)).setWeights([additiveFusionKernel(channels), tf.zeros([channels])]);
  });
  return model;
}

/** Whether a generator layer belongs to the VGG16 encoder (what `generator.init: vgg16` fills). */
export function isEncoderLayer(layerName: string): boolean {
  return layerName.startsWith(`${GENERATOR_PREFIX}block`);
}
