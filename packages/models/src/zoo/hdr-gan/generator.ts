import * as tf from '@tensorflow/tfjs';
import { concat, conv, down, relu, residual, up, type Block, type ConvOptions } from './blocks.js';
import type { HdrGanConfig } from './config.js';
import { INPUT_CHANNELS, INPUT_NAMES } from './inputs.js';

export const GENERATOR_PREFIX = 'g_';

export type GeneratorOptions = Pick<HdrGanConfig['generator'], 'scales' | 'width' | 'mergingBlocks' | 'mergeDilation' | 'spectralNorm' | 'sharedEncoders'> & {
  readonly seed: number;
};

/** Channels at scale s (1-based): C1 doubling per scale. */
function channelsAt(width: number, scale: number): number {
  return width * 2 ** (scale - 1);
}

/** An exposure's encoder: Res at each scale, Down between scales; returns e^1..e^S. */
function encoder(prefix: string, options: GeneratorOptions, convOptions: ConvOptions): (x: tf.SymbolicTensor) => tf.SymbolicTensor[] {
  const blocks: { res: Block; down?: Block }[] = [];
  let inChannels = INPUT_CHANNELS;
  for (let s = 1; s <= options.scales; s++) {
    const channels = channelsAt(options.width, s);
    blocks.push({
      res: residual(`${prefix}s${s}_res`, inChannels, channels, convOptions),
      ...(s < options.scales ? { down: down(`${prefix}s${s}_down`, channels, convOptions) } : {}),
    });
    inChannels = channels;
  }
  return (x) => {
    const features: tf.SymbolicTensor[] = [];
    let current = x;
    for (const block of blocks) {
      const encoded = block.res(current);
      features.push(encoded);
      if (block.down) current = block.down(encoded);
    }
    return features;
  };
}

/**
 * The reference-based residual merging block at one scale [S002][C]: concat(e1, e2, e3) -> four d-dilated
 * conv3x3 with ReLU between -> + e2 -> ReLU. When 3C exceeds 16 C1 (only the 4-scale model's C4 = 256 at
 * paper width: 768 > 512) each input is first reduced by conv1x1 + ReLU to floor(16 C1 / 3) channels (170 at
 * paper width) [C]; the bound scales with the width so narrow networks take the same path. Without
 * `mergingBlocks`: concat -> conv3x3 -> ReLU, no residual (design notes §3.9 item 4).
 */
function merge(scale: number, options: GeneratorOptions, convOptions: ConvOptions): (features: readonly tf.SymbolicTensor[]) => tf.SymbolicTensor {
  const name = `${GENERATOR_PREFIX}merge_s${scale}`;
  const channels = channelsAt(options.width, scale);
  const budget = 16 * options.width;
  const reduce =
    3 * channels > budget
      ? INPUT_NAMES.map((_, i) => {
          const layer = conv(`${name}_reduce${i + 1}`, Math.floor(budget / 3), 1, convOptions);
          const activation = relu(`${name}_reduce${i + 1}_relu`);
          return (x: tf.SymbolicTensor) => activation(layer(x));
        })
      : undefined;
  const gather = (features: readonly tf.SymbolicTensor[]) => concat(`${name}_concat`, reduce ? features.map((x, i) => reduce[i]!(x)) : features);
  if (!options.mergingBlocks) {
    const layer = conv(`${name}_conv`, channels, 3, convOptions);
    const activation = relu(`${name}_relu`);
    return (features) => activation(layer(gather(features)));
  }
  const dilated = { ...convOptions, dilation: options.mergeDilation };
  const convs = [1, 2, 3, 4].map((k) => conv(`${name}_conv${k}`, channels, 3, dilated));
  const activations = [1, 2, 3].map((k) => relu(`${name}_relu${k}`));
  const add = tf.layers.add({ name: `${name}_add` });
  const outRelu = relu(`${name}_relu4`);
  return (features) => {
    let x = gather(features);
    for (let k = 0; k < 3; k++) x = activations[k]!(convs[k]!(x));
    return outRelu(add.apply([convs[3]!(x), features[1]!]) as tf.SymbolicTensor);
  };
}

/**
 * HDR-GAN's generator [S002 Fig. 2][C]: one encoder per exposure (Res/Down over `scales` scales), a merging
 * block per scale, and the nested decoder with deep HDR supervision,
 * D_j^s = Res(concat[Up(D_{j-1}^{s+1}), M^s, e_2^s, D_1^s, ..., D_{j-1}^s]) with D_0^s = M^s, whose top-scale
 * blocks give the outputs O_j = tanh(conv1x1(D_j^1)), j = 1..scales - 1, in the [-1, 1] mu-law domain.
 * Inputs: the three exposures' 6-channel arrays (INPUT_NAMES); any size divisible by 2^(scales - 1).
 */
export function buildGenerator(options: GeneratorOptions): tf.LayersModel {
  const { scales, width, spectralNorm, seed } = options;
  const convOptions: ConvOptions = { spectralNorm, seed };
  const inputs = INPUT_NAMES.map((name) => tf.input({ shape: [null, null, INPUT_CHANNELS] as unknown as number[], name: `${GENERATOR_PREFIX}${name}` }));
  const shared = options.sharedEncoders ? encoder(`${GENERATOR_PREFIX}enc_`, options, convOptions) : undefined;
  const encoded = inputs.map((input, i) => (shared ?? encoder(`${GENERATOR_PREFIX}enc${i + 1}_`, options, convOptions))(input));
  const merged = Array.from({ length: scales }, (_, k) => merge(k + 1, options, convOptions)(encoded.map((features) => features[k]!)));
  const reference = encoded[1]!;

  const decoded = new Map<string, tf.SymbolicTensor>();
  const decode = (j: number, s: number): tf.SymbolicTensor => {
    if (j === 0) return merged[s - 1]!;
    const key = `${j}/${s}`;
    const known = decoded.get(key);
    if (known) return known;
    const channels = channelsAt(width, s);
    const upsampled = up(`${GENERATOR_PREFIX}up${j - 1}_s${s + 1}`, channels, seed)(decode(j - 1, s + 1));
    const earlier = Array.from({ length: j - 1 }, (_, k) => decode(k + 1, s));
    const parts = [upsampled, merged[s - 1]!, reference[s - 1]!, ...earlier];
    const name = `${GENERATOR_PREFIX}dec${j}_s${s}`;
    const block = residual(`${name}_res`, (j + 2) * channels, channels, convOptions)(concat(`${name}_concat`, parts));
    decoded.set(key, block);
    return block;
  };

  const outputs = Array.from({ length: scales - 1 }, (_, k) => {
    const j = k + 1;
    const name = `${GENERATOR_PREFIX}out${j}`;
    const logits = conv(name, 3, 1, convOptions)(decode(j, 1));
    return tf.layers.activation({ name: `${name}_tanh`, activation: 'tanh' }).apply(logits) as tf.SymbolicTensor;
  });
  return tf.model({ inputs, outputs, name: `hdr_gan_generator_${scales}scale` });
}

/**
 * A bound on the generator's receptive-field radius in input pixels, along its deepest path: the Res convs
 * and Downs of the encoder to the bottom scale, that scale's merging block, and the Up + Res of each decoder
 * level back up (each 3x3 conv at scale s reaches 2^(s-1) px, each resampling adds up to 2^(s-1) px of offset).
 */
export function receptiveRadius(options: Pick<GeneratorOptions, 'scales' | 'mergingBlocks' | 'mergeDilation'>): number {
  const { scales, mergingBlocks, mergeDilation } = options;
  const step = (s: number) => 2 ** (s - 1);
  let radius = 0;
  for (let s = 1; s <= scales; s++) radius += 2 * step(s);
  for (let s = 1; s < scales; s++) radius += 2 * step(s);
  radius += (mergingBlocks ? 4 * mergeDilation : 1) * step(scales);
  for (let s = 1; s < scales; s++) radius += 4 * step(s);
  return radius;
}
