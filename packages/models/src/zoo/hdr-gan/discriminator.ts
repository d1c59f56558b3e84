import * as tf from '@tensorflow/tfjs';
import { conv } from './blocks.js';

export const DISCRIMINATOR_PREFIX = 'd_';

/** The PatchGAN's five 4x4 convs [C]: channels as multiples of the width, stride, reflect padding. */
const LAYERS = [
  { widths: 1, stride: 2, pad: 0 },
  { widths: 2, stride: 2, pad: 0 },
  { widths: 2, stride: 2, pad: 0 },
  { widths: 2, stride: 1, pad: 0 },
  { widths: 0, stride: 1, pad: 1 },
] as const;

/**
 * The smallest square input the discriminator takes: its VALID 4x4 convs need c4's input to be at least
 * 5 px so that c5 (reflect-padded by 1) still has a 4x4 window, i.e. 54 px at the input.
 */
export const DISCRIMINATOR_MIN_SIZE = 54;

export interface DiscriminatorOptions {
  /** Channels of c1 (64 at paper size); c2..c4 have twice as many. */
  readonly width: number;
  readonly seed: number;
}

/**
 * HDR-GAN's PatchGAN [S002][C]: five spectrally normalised 4x4 convs, VALID, swish after the first four, the
 * last one reflect-padded by 1 with one output channel and no activation. Its input is an image in the
 * [-1, 1] mu-law domain; the output map, flattened per image, is the point SphereGAN projects onto the sphere.
 */
export function buildDiscriminator({ width, seed }: DiscriminatorOptions): tf.LayersModel {
  const input = tf.input({ shape: [null, null, 3] as unknown as number[], name: `${DISCRIMINATOR_PREFIX}input` });
  let x: tf.SymbolicTensor = input;
  LAYERS.forEach(({ widths, stride, pad }, i) => {
    const name = `${DISCRIMINATOR_PREFIX}conv${i + 1}`;
    x = conv(name, widths === 0 ? 1 : widths * width, 4, { strides: stride, pad, spectralNorm: true, seed })(x);
    if (i < LAYERS.length - 1) x = tf.layers.activation({ name: `${name}_swish`, activation: 'swish' }).apply(x) as tf.SymbolicTensor;
  });
  return tf.model({ inputs: input, outputs: x, name: 'hdr_gan_patchgan' });
}
