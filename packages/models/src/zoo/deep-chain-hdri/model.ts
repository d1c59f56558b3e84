import * as tf from '@tensorflow/tfjs';
import type { HdrImage } from '@hdr-lab/core';
import { withPaddingToMultiple } from '../../inference/pad.js';
import { predictTiled } from '../../inference/tiling.js';
import type { SingleImageModel } from '../../registry/model.js';
import { mergeVariables, networkVariables, parameterCount } from '../../registry/variables.js';
import { buildNetworks, chainRadius, runChain } from './chain.js';
import type { DeepChainConfig } from './config.js';
import { inferredEvs } from './exposures.js';
import { middleExposure } from './input-from-hdr.js';
import { exposureLosses, supervisedEvs } from './loss.js';
import { mergeStack, quantisedStack, type LdrStack } from './merge.js';
import { patchAveraged } from './patches.js';
import { batchTensors, createTrainer } from './training.js';

export const DEEP_CHAIN_ID = 'deep-chain-hdri';

/** Default side of a prediction tile's core. */
const DEFAULT_TILE = 512;

/** A built Deep Chain HDRI model: a Model that also hands out its inferred LDR stack. */
export interface DeepChainModel extends SingleImageModel {
  readonly config: DeepChainConfig;
  /** EV 0 and the inferred exposures, each quantised to 8 bits, darkest first: what predict merges. */
  inferStack(input: HdrImage, options?: { readonly tile?: number }): LdrStack;
}

function checkInput(input: HdrImage): void {
  if (input.channels !== 3) {
    throw new Error(`${DEEP_CHAIN_ID}: the input must be an RGB display-referred LDR image in [0, 1], got ${input.channels} channel(s); drop alpha or expand grey first`);
  }
}

export function createDeepChain(config: DeepChainConfig, seed: number): DeepChainModel {
  const networks = buildNetworks(config, seed);
  const trainer = createTrainer(config, networks);
  const evs = inferredEvs(config.chain.mode);
  const tileHalo = chainRadius(config);

  /** The inferred exposures in `evs` order along channels, unclipped; batch norm in inference mode. */
  const infer = (x: tf.Tensor4D): tf.Tensor4D =>
    tf.tidy(() => {
      const outputs = runChain(networks, config, x, false);
      return tf.concat(evs.map((ev) => outputs.get(ev)!), 3) as tf.Tensor4D;
    });

  const forward = (input: tf.Tensor4D): tf.Tensor4D =>
    tf.tidy(() => {
      const { mode, patch } = config.inference;
      const run = mode === 'patch' ? (x: tf.Tensor4D) => patchAveraged(x, patch.size, patch.stride, infer) : infer;
      return tf.clipByValue(withPaddingToMultiple(input, 1, run), 0, 1) as tf.Tensor4D;
    });

  const inferStack = (input: HdrImage, options: { readonly tile?: number } = {}): LdrStack => {
    checkInput(input);
    // Patch inference bounds its own memory; tiling it as well would only repeat patches at tile seams.
    const output =
      config.inference.mode === 'patch'
        ? tf.tidy(() => forward(tf.tensor4d(input.data, [1, input.height, input.width, 3])).dataSync() as Float32Array)
        : predictTiled(input, forward, { tile: options.tile ?? DEFAULT_TILE, halo: tileHalo, multiple: 1 }).data;
    return quantisedStack(input, output, evs);
  };

  return {
    id: DEEP_CHAIN_ID,
    config,
    networks,
    optimizers: trainer.optimizers,
    variables: () => mergeVariables(...Object.entries(networks).map(([name, network]) => networkVariables(name, network))),
    trainStep: (batch, step) => trainer.trainStep(batch, step),
    evaluateLoss(batch) {
      const { input, targets } = batchTensors(batch);
      return tf.tidy(() => {
        const { total, terms } = exposureLosses(runChain(networks, config, input, false), targets, supervisedEvs(config), config.loss.tvWeight);
        return { ...Object.fromEntries(Object.entries(terms).map(([name, term]) => [name, term.dataSync()[0]!])), total: total.dataSync()[0]! };
      });
    },
    inputDomain: 'display-ldr',
    sizeMultiple: 1,
    tileHalo,
    forward,
    inferStack,
    predict: async (input, options = {}) => mergeStack(inferStack(input, options), config.merge),
    inputFromHdr: middleExposure,
    parameterCounts: () => Object.entries(networks).map(([name, network]) => parameterCount(name, network)),
    notices: [],
    tags: {
      'deep-chain.mode': config.chain.mode,
      'deep-chain.training': config.chain.training,
      'deep-chain.intermediateLoss': String(config.chain.intermediateLoss),
      'deep-chain.activationDown': config.subnet.activationDown,
      weights: 'none: trained from scratch',
    },
    dispose() {
      for (const network of Object.values(networks)) network.dispose();
      for (const optimizer of Object.values(trainer.optimizers)) optimizer.dispose();
    },
  };
}

/**
 * The LDR stack a Deep Chain HDRI model infers from an EV 0 image (EV -3..+3, 8-bit, darkest first), for
 * comparing with ground-truth stacks ([S003] Table 4). Any other model is an error.
 */
export function inferredLdrStack(model: SingleImageModel, input: HdrImage, options: { readonly tile?: number } = {}): LdrStack {
  if (model.id !== DEEP_CHAIN_ID || !('inferStack' in model)) throw new Error(`inferredLdrStack needs a ${DEEP_CHAIN_ID} model, got '${model.id}'`);
  return (model as DeepChainModel).inferStack(input, options);
}
