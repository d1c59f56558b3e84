import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../../layers/layer-seed.js';
import { ReflectPad2D } from '../../layers/reflect-pad.js';
import { SpectralConv2D } from '../../layers/spectral-norm.js';

/** A block made once (its layers created, so applying it twice shares weights) and applied to symbolic tensors. */
export type Block = (x: tf.SymbolicTensor) => tf.SymbolicTensor;

export interface ConvOptions {
  readonly strides?: number;
  readonly dilation?: number;
  /** Reflect padding per side; default d (k - 1) / 2, which keeps the size at stride 1 for odd k. */
  readonly pad?: number;
  readonly spectralNorm: boolean;
  readonly seed: number;
}

/** Reflect padding (d (k - 1) / 2 per side by default), then a VALID (spectrally normalised) conv with bias and He-normal init [C]. */
export function conv(name: string, filters: number, kernelSize: number, options: ConvOptions): Block {
  const dilation = options.dilation ?? 1;
  const pad = options.pad ?? (dilation * (kernelSize - 1)) / 2;
  const padding = pad > 0 ? new ReflectPad2D({ pad, name: `${name}_pad` }) : undefined;
  const layer = new SpectralConv2D({
    name,
    filters,
    kernelSize,
    strides: options.strides ?? 1,
    dilation,
    spectralNorm: options.spectralNorm,
    seed: layerSeed(options.seed, name),
  });
  return (x) => layer.apply(padding ? (padding.apply(x) as tf.SymbolicTensor) : x) as tf.SymbolicTensor;
}

export function relu(name: string): Block {
  const layer = tf.layers.reLU({ name });
  return (x) => layer.apply(x) as tf.SymbolicTensor;
}

export function concat(name: string, inputs: readonly tf.SymbolicTensor[]): tf.SymbolicTensor {
  return inputs.length === 1 ? inputs[0]! : (tf.layers.concatenate({ name, axis: -1 }).apply([...inputs]) as tf.SymbolicTensor);
}

/**
 * The encoding/decoding block: a = ReLU(conv3x3(x)); b = conv3x3(a); out = ReLU(b + skip), skip = x when it
 * has `filters` channels, else conv1x1(x) [C].
 */
export function residual(name: string, inChannels: number, filters: number, options: ConvOptions): Block {
  const first = conv(`${name}_conv1`, filters, 3, options);
  const firstRelu = relu(`${name}_relu1`);
  const second = conv(`${name}_conv2`, filters, 3, options);
  const skip = inChannels === filters ? undefined : conv(`${name}_skip`, filters, 1, options);
  const add = tf.layers.add({ name: `${name}_add` });
  const outRelu = relu(`${name}_relu2`);
  return (x) => outRelu(add.apply([second(firstRelu(first(x))), skip ? skip(x) : x]) as tf.SymbolicTensor);
}

/** conv3x3 stride 2 + ReLU: halves the resolution. */
export function down(name: string, filters: number, options: ConvOptions): Block {
  const layer = conv(name, filters, 3, { ...options, strides: 2 });
  const activation = relu(`${name}_relu`);
  return (x) => activation(layer(x));
}

/** Nearest-neighbour x2 then conv3x3 + ReLU, without spectral normalisation [C]. */
export function up(name: string, filters: number, seed: number): Block {
  const upsample = tf.layers.upSampling2d({ name: `${name}_resize`, size: [2, 2], interpolation: 'nearest' });
  const layer = conv(name, filters, 3, { spectralNorm: false, seed });
  const activation = relu(`${name}_relu`);
  return (x) => activation(layer(upsample.apply(x) as tf.SymbolicTensor));
}
