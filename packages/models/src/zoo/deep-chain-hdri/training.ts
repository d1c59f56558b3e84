import * as tf from '@tensorflow/tfjs';
import type { LossTerms, TrainingBatch } from '../../registry/model.js';
import { trainableVariables } from '../../registry/variables.js';
import { optimiseStep } from '../../training/optimise.js';
import { applyNetwork, chainDirections, runChain } from './chain.js';
import type { DeepChainConfig } from './config.js';
import { targetExposure, type TargetEv } from './exposures.js';
import { exposureLosses, supervisedEvs } from './loss.js';

type Networks = Readonly<Record<string, tf.LayersModel>>;

export interface Trainer {
  readonly optimizers: Readonly<Record<string, tf.Optimizer>>;
  trainStep(batch: TrainingBatch, step: number): LossTerms;
}

/** The batch's EV 0 input and six-exposure targets, checked. */
export function batchTensors(batch: TrainingBatch): { input: tf.Tensor4D; targets: tf.Tensor4D } {
  const input = batch['input'];
  const targets = batch['targets'];
  if (!input || !targets) {
    throw new Error(`deep-chain-hdri: a batch needs 'input' (EV 0) and 'targets' (EV -3..+3 without 0), got ${Object.keys(batch).join(', ') || 'nothing'}`);
  }
  return { input, targets };
}

function adam(config: DeepChainConfig): tf.Optimizer {
  const { lr, beta1, beta2, epsilon } = config.train;
  return tf.train.adam(lr, beta1, beta2, epsilon);
}

/** The chain's links as (network, input exposure, output exposure), the input of a first link being EV 0. */
function links(config: DeepChainConfig): { network: string; from: TargetEv | 0; to: TargetEv }[] {
  return chainDirections(config.chain.mode).flatMap((direction) =>
    direction.links.map((link, index) => ({ network: link.network, from: index === 0 ? 0 : direction.links[index - 1]!.ev, to: link.ev })),
  );
}

/**
 * joint: one Adam ('model') over every network, the chain run end to end from EV 0 and the losses of the
 * supervised exposures summed, so gradients of EV +-3 reach the first subnets through the later ones.
 */
function jointTrainer(config: DeepChainConfig, networks: Networks): Trainer {
  const optimizer = adam(config);
  const variables = Object.values(networks).flatMap(trainableVariables);
  const evs = supervisedEvs(config);
  return {
    optimizers: { model: optimizer },
    trainStep(batch, step) {
      const { input, targets } = batchTensors(batch);
      return optimiseStep(optimizer, variables, () => exposureLosses(runChain(networks, config, input, true), targets, evs, config.loss.tvWeight), { network: 'model', step });
    },
  };
}

/**
 * stagewise-gt: every subnet N_{i->j} learns from the ground-truth pair (EV i, EV j) alone, EV 0 being the
 * input; no gradient crosses subnets. The six losses share no weights and Adam is element-wise, so one
 * optimiser over their sum updates each subnet exactly as six separate trainings on the same batches would.
 */
function stagewiseGtTrainer(config: DeepChainConfig, networks: Networks): Trainer {
  const optimizer = adam(config);
  const variables = Object.values(networks).flatMap(trainableVariables);
  const chainLinks = links(config);
  return {
    optimizers: { model: optimizer },
    trainStep(batch, step) {
      const { input, targets } = batchTensors(batch);
      return optimiseStep(
        optimizer,
        variables,
        () => {
          const predictions = new Map<TargetEv, tf.Tensor4D>();
          for (const link of chainLinks) {
            const source = link.from === 0 ? input : targetExposure(targets, link.from);
            predictions.set(link.to, applyNetwork(networks[link.network]!, source, true, config));
          }
          return exposureLosses(predictions, targets, chainLinks.map((link) => link.to), config.loss.tvWeight);
        },
        { network: 'model', step },
      );
    },
  };
}

/**
 * stagewise-inferred: the subnets are trained one stage at a time, `train.stageSteps` steps each: stage k
 * (k = 1, 2, 3) updates up_k and down_k only, fed with what the already-trained earlier subnets infer from
 * EV 0 (batch norm in inference mode, no gradient), against the ground truth EV +-k. Each stage has its
 * own Adam ('stage1'..'stage3'), as a separately trained network would, so a new stage starts with fresh
 * moments and bias correction. Stage 3 continues past 3 x stageSteps.
 */
function stagewiseInferredTrainer(config: DeepChainConfig, networks: Networks): Trainer {
  const directions = chainDirections(config.chain.mode);
  const optimizers = { stage1: adam(config), stage2: adam(config), stage3: adam(config) };
  return {
    optimizers,
    trainStep(batch, step) {
      const { input, targets } = batchTensors(batch);
      const stage = Math.min(2, Math.floor(step / config.train.stageSteps));
      const stageLinks = directions.map((direction) => direction.links[stage]!);
      const sources = tf.tidy(() =>
        directions.map((direction) => {
          let current = input;
          for (const link of direction.links.slice(0, stage)) current = applyNetwork(networks[link.network]!, current, false, config);
          return current;
        }),
      );
      try {
        const variables = stageLinks.flatMap((link) => trainableVariables(networks[link.network]!));
        const key = `stage${stage + 1}` as keyof typeof optimizers;
        return optimiseStep(
          optimizers[key],
          variables,
          () => {
            const predictions = new Map(stageLinks.map((link, index) => [link.ev, applyNetwork(networks[link.network]!, sources[index]!, true, config)] as const));
            return exposureLosses(predictions, targets, stageLinks.map((link) => link.ev), config.loss.tvWeight);
          },
          { network: key, step },
        );
      } finally {
        // EV 0 itself is the batch's tensor, not ours to free.
        for (const source of sources) if (source !== input) source.dispose();
      }
    },
  };
}

/** The optimisers and update of the configured training mode (joint for the one-step modes). */
export function createTrainer(config: DeepChainConfig, networks: Networks): Trainer {
  switch (config.chain.training) {
    case 'joint':
      return jointTrainer(config, networks);
    case 'stagewise-gt':
      return stagewiseGtTrainer(config, networks);
    case 'stagewise-inferred':
      return stagewiseInferredTrainer(config, networks);
  }
}
