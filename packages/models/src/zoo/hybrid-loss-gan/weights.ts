import type * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@hdr-lab/core';
import { copyWeightsByLayerName } from '../../pretrained/copy-weights.js';
import { readLayersFileWeights } from '../../pretrained/layers-file.js';
import type { HybridLossConfig } from './config.js';
import { GENERATOR_PREFIX, isEncoderLayer } from './generator.js';
import { VGG19_PREFIX } from './vgg19.js';

const DOC = 'docs/pretrained-weights.md';

/**
 * Refuses, before anything is built, a file source without a path: never a silent substitute. (Whether a
 * file fits the network, narrowed or not, is checked layer by layer when it is read.)
 */
export function checkWeightSettings(config: HybridLossConfig): void {
  const { generator, loss } = config;
  if (generator.init !== 'random' && generator.path === null) {
    const what = generator.init === 'hdrcnn' ? 'the trained HDR-CNN the paper fine-tunes' : 'a VGG16 encoder (ImageNet or Places365)';
    throw new ConfigError(
      `generator.path: generator.init '${generator.init}' loads ${what} from a local TF.js layers-format file, and none is set. ` +
        `Set generator.path to its model.json (${DOC} says how to produce it), or set generator.init: random (the run is then tagged not comparable to the paper).`,
    );
  }
  if (loss.vgg.enabled && loss.vgg.weights.source === 'file' && loss.vgg.weights.path === null) {
    throw new ConfigError(
      'loss.vgg.weights.path: the perceptual loss needs ImageNet VGG19 weights from a local TF.js layers-format file, and none is set. ' +
        `Set loss.vgg.weights.path to its model.json (${DOC} says how to produce it), or set loss.vgg.weights: { source: random-init, seed: 0 } ` +
        '(the run is then tagged not comparable to the paper), or loss.vgg.enabled: false.',
    );
  }
}

/** What a network's weights are, as a run records it. */
export interface WeightSource {
  /** Tag value: `file <sha256>`, `random-init seed N`, ... */
  readonly description: string;
  /** Why the run is not comparable to the paper, if it is not. */
  readonly deviation?: string;
  /** The one-time log line that goes with a deviation. */
  readonly notice?: string;
}

/** Fills the generator as `generator.init` says (the layers stay as built for `random`). */
export async function initialiseGenerator(generator: tf.LayersModel, config: HybridLossConfig, seed: number): Promise<WeightSource> {
  const { init, path } = config.generator;
  if (init === 'random') {
    return {
      description: `random-init seed ${seed}`,
      deviation: 'generator random-init',
      notice:
        `the generator starts from random weights (generator.init: random, run seed ${seed}), not from the trained HDR-CNN the paper fine-tunes: ` +
        'results are not comparable to the paper.',
    };
  }
  const weights = await readLayersFileWeights(path!);
  try {
    copyWeightsByLayerName(generator, weights, { prefix: GENERATOR_PREFIX, setting: 'generator.path', ...(init === 'vgg16' ? { include: isEncoderLayer } : {}) });
  } finally {
    weights.dispose();
  }
  if (init === 'hdrcnn') return { description: `hdrcnn file ${weights.sha256}` };
  return {
    description: `vgg16 encoder file ${weights.sha256}, random decoder seed ${seed}`,
    deviation: 'generator from a VGG16 encoder, not HDR-CNN',
    notice:
      'the generator has a pretrained VGG16 encoder but a random decoder (generator.init: vgg16), not the trained HDR-CNN the paper fine-tunes: ' +
      'results are not comparable to the paper.',
  };
}

/** Fills VGG19 from its file, or keeps its seeded random weights (a random-feature perceptual loss). */
export async function initialiseVgg19(vgg: tf.LayersModel, config: HybridLossConfig): Promise<WeightSource> {
  const { weights } = config.loss.vgg;
  if (weights.source === 'random-init') {
    return {
      description: `random-init seed ${weights.seed}`,
      deviation: 'vgg19 random-init',
      notice:
        `VGG19 of the perceptual loss has random weights (loss.vgg.weights.source: random-init, seed ${weights.seed}), not ImageNet's: ` +
        'L_VGG is a random-feature loss and results are not comparable to the paper.',
    };
  }
  const file = await readLayersFileWeights(weights.path!);
  try {
    copyWeightsByLayerName(vgg, file, { prefix: VGG19_PREFIX, setting: 'loss.vgg.weights.path' });
  } finally {
    file.dispose();
  }
  return { description: `file ${file.sha256}` };
}
