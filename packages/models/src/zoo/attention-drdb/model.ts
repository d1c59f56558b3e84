import * as tf from '@tensorflow/tfjs';
import { createHdrImage } from '@hdr-lab/core';
import { withPaddingToMultiple } from '../../inference/pad.js';
import { predictTiled } from '../../inference/tiling.js';
import type { BracketModel, TrainingBatch } from '../../registry/model.js';
import { networkVariables, parameterCount, trainableVariables } from '../../registry/variables.js';
import { optimiseStep } from '../../training/optimise.js';
import { checkedExposures } from './bracket.js';
import type { AttentionDrdbConfig } from './config.js';
import { decodeOutput } from './encoding.js';
import { INPUT_NAMES, networkInputs, orderedInputs, packInputs, packTensors, unpackInputs } from './inputs.js';
import { attentionDrdbLoss } from './loss.js';
import { buildNetwork, receptiveRadius } from './network.js';

export const ATTENTION_DRDB_ID = 'attention-drdb';

/** Four 2x2 poolings and the 16x16 average pools of the reconstruction. */
const SIZE_MULTIPLE = 16;
const DEFAULT_TILE = 512;

export interface AttentionDrdbModel extends BracketModel {
  readonly config: AttentionDrdbConfig;
}

function batchTarget(batch: TrainingBatch): tf.Tensor4D {
  const target = batch['target'];
  if (!target) throw new Error(`attention-drdb: a batch needs 'target' (sigmoid-encoded HDR) beside ${INPUT_NAMES.join(', ')}, got ${Object.keys(batch).join(', ') || 'nothing'}`);
  return target;
}

function describePosition(config: AttentionDrdbConfig): string {
  return config.drdb.enabled ? config.drdb.position : 'none';
}

export function createAttentionDrdb(config: AttentionDrdbConfig, seed: number): AttentionDrdbModel {
  const network = buildNetwork(config, seed);
  const { lr, beta1, beta2, epsilon } = config.train;
  const optimizer = tf.train.adam(lr, beta1, beta2, epsilon);
  const trainable = trainableVariables(network);
  const tileHalo = Math.ceil(receptiveRadius(config) / SIZE_MULTIPLE) * SIZE_MULTIPLE;
  const gamma = config.data.gamma;

  const run = (inputs: readonly tf.Tensor4D[], training: boolean) => network.apply([...inputs], { training }) as tf.Tensor4D;

  /**
   * The network on packed inputs [1, H, W, 20] of any size: padded to a multiple of 16, cropped back.
   * HDR-VAM's test code pads with zeros; the shared helper mirrors the border instead, which keeps the
   * masks and EV-aligned planes continuous there. Only the context of border pixels differs.
   */
  const forwardPacked = (packed: tf.Tensor4D): tf.Tensor4D => withPaddingToMultiple(packed, SIZE_MULTIPLE, (padded) => run(unpackInputs(padded), false));

  return {
    id: ATTENTION_DRDB_ID,
    config,
    networks: { model: network },
    optimizers: { model: optimizer },
    variables: () => networkVariables('model', network),
    trainStep(batch, step) {
      const inputs = orderedInputs(batch);
      const target = batchTarget(batch);
      return optimiseStep(optimizer, trainable, () => attentionDrdbLoss(run(inputs, true), target, config), { network: 'model', step });
    },
    evaluateLoss(batch) {
      const inputs = orderedInputs(batch);
      const target = batchTarget(batch);
      return tf.tidy(() => {
        const { total, terms } = attentionDrdbLoss(run(inputs, false), target, config);
        return { ...Object.fromEntries(Object.entries(terms).map(([name, term]) => [name, term.dataSync()[0]!])), total: total.dataSync()[0]! };
      });
    },
    inputDomain: 'ldr-bracket',
    exposureCount: 3,
    cameraGamma: config.data.gamma,
    sizeMultiple: SIZE_MULTIPLE,
    tileHalo,
    forward: (inputs) => tf.tidy(() => forwardPacked(packTensors(inputs))),
    async predict(bracket, options = {}) {
      const exposures = checkedExposures(bracket);
      const { width, height } = exposures[1]!;
      const packed = packInputs(networkInputs(exposures, { gamma, vam: config.vam.enabled }));
      const output = predictTiled(packed, forwardPacked, { tile: options.tile ?? DEFAULT_TILE, halo: tileHalo, multiple: SIZE_MULTIPLE });
      const linear = tf.tidy(() => decodeOutput(tf.tensor4d(output.data, [1, height, width, 3]), gamma).dataSync() as Float32Array);
      return createHdrImage(width, height, 3, linear);
    },
    parameterCounts: () => [parameterCount('model', network)],
    notices: [
      `attention-drdb: DRDB position '${describePosition(config)}' is the design notes' reading of [S004] ("inserted where the original network takes 6-channel data"); [S004] publishes no architecture numbers or results to compare with`,
    ],
    tags: {
      'attention-drdb.drdbPosition': describePosition(config),
      'attention-drdb.drdbDilation': String(config.drdb.dilation),
      'attention-drdb.drdbLayers': String(config.drdb.numLayers),
      'attention-drdb.vam': String(config.vam.enabled),
      'attention-drdb.lossDomain': config.loss.domain,
      weights: 'none: trained from scratch',
    },
    dispose() {
      network.dispose();
      optimizer.dispose();
    },
  };
}
