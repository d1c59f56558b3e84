import * as tf from '@tensorflow/tfjs';
import { muLawL1, muLawTarget } from '../../losses/mu-law-l1.js';
import { sphereDiscriminatorLoss, sphereDistance, sphereGeneratorLoss } from '../../losses/sphere-gan.js';
import type { LossTerms, TrainingBatch } from '../../registry/model.js';
import { trainableVariables } from '../../registry/variables.js';
import { optimiseStep, prefixTerms, type LossParts } from '../../training/optimise.js';
import type { HdrGanConfig } from './config.js';
import { DISCRIMINATOR_MIN_SIZE } from './discriminator.js';
import { HDR_GAN_ID, INPUT_NAMES } from './inputs.js';

/** The networks and optimisers of a built HDR-GAN; the discriminator exists only with `disc.enabled`. */
export interface HdrGanNetworks {
  readonly config: HdrGanConfig;
  readonly generator: tf.LayersModel;
  readonly discriminator?: tf.LayersModel;
  readonly optimizers: { readonly generator: tf.Optimizer; readonly discriminator?: tf.Optimizer };
}

function batchPart(batch: TrainingBatch, name: string): tf.Tensor4D {
  const tensor = batch[name];
  if (!tensor) throw new Error(`${HDR_GAN_ID}: the batch has no '${name}' (it has ${Object.keys(batch).join(', ') || 'nothing'}); examples come from hdrGan.data(config).example`);
  return tensor;
}

export function batchInputs(batch: TrainingBatch): tf.Tensor4D[] {
  return INPUT_NAMES.map((name) => batchPart(batch, name));
}

/** The generator's outputs O_1..O_{S-1} ([-1, 1] mu-law), always as a list. */
export function generate(generator: tf.LayersModel, inputs: readonly tf.Tensor4D[], training: boolean): tf.Tensor4D[] {
  const outputs = generator.apply([...inputs], { training }) as tf.Tensor4D | tf.Tensor4D[];
  return Array.isArray(outputs) ? outputs : [outputs];
}

/** 0-based indices of the outputs a setting selects: all of them, the first or the last. */
function selected(which: 'all' | 'first' | 'last', count: number): number[] {
  if (which === 'first') return [0];
  if (which === 'last') return [count - 1];
  return Array.from({ length: count }, (_, i) => i);
}

function checkDiscriminatorInput(image: tf.Tensor4D): void {
  const [, height, width] = image.shape;
  if (height < DISCRIMINATOR_MIN_SIZE || width < DISCRIMINATOR_MIN_SIZE) {
    throw new Error(
      `${HDR_GAN_ID}: the PatchGAN discriminator needs crops of at least ${DISCRIMINATOR_MIN_SIZE}x${DISCRIMINATOR_MIN_SIZE} px, the batch is ${height}x${width}; ` +
        'train on larger crops or set disc.enabled: false',
    );
  }
}

/**
 * SphereGAN distances of several image groups from one pass of D over their concatenation (so a training
 * pass advances D's spectral-norm vectors once per step), one distance per group.
 */
function groupDistances(discriminator: tf.LayersModel, groups: readonly tf.Tensor4D[], config: HdrGanConfig, training: boolean): tf.Scalar[] {
  checkDiscriminatorInput(groups[0]!);
  const { refPoint, moments } = config.disc.sphere;
  // One group (a two-scale generator's single output) skips concat/split: tfjs's split gradient fails on one piece.
  if (groups.length === 1) return [sphereDistance(discriminator.apply(groups[0]!, { training }) as tf.Tensor, refPoint, moments)];
  const output = discriminator.apply(tf.concat([...groups], 0), { training }) as tf.Tensor;
  return tf.split(output, groups.length, 0).map((part) => sphereDistance(part, refPoint, moments));
}

/**
 * L_G = sum_j l1(j) + lambda L_adv on one batch. Every output's mu-law L1 is logged (`l1-h1`, `l1-h2`, ...)
 * whether or not `deepSupervision.lossOutputs` puts it in the total; `adversarial` is L_adv = -sum_j dist(O_j)
 * over the outputs D sees, `adversarialWeighted` lambda times that. D runs with its stored spectral-norm vectors:
 * they advance in D's own update.
 */
export function generatorLoss(networks: HdrGanNetworks, batch: TrainingBatch, training: boolean): LossParts {
  const { config, generator, discriminator } = networks;
  const outputs = generate(generator, batchInputs(batch), training);
  const target = muLawTarget(batchPart(batch, 'target'));
  const terms: Record<string, tf.Scalar> = {};
  outputs.forEach((output, i) => {
    terms[`l1-h${i + 1}`] = muLawL1(output, target);
  });
  const parts = selected(config.deepSupervision.lossOutputs, outputs.length).map((i) => terms[`l1-h${i + 1}`]!);
  if (discriminator) {
    const fakes = selected(config.disc.outputsToD, outputs.length).map((i) => outputs[i]!);
    terms['adversarial'] = sphereGeneratorLoss(groupDistances(discriminator, fakes, config, false));
    terms['adversarialWeighted'] = tf.mul(config.disc.lambda, terms['adversarial']);
    parts.push(terms['adversarialWeighted']);
  }
  return { total: tf.addN(parts), terms };
}

/** L_D = sum_j [dist(O_j) - dist(real)], logging the real distance (`real`) and each fake's (`fake-h1`, ...). */
function discriminatorLossParts(networks: HdrGanNetworks, target: tf.Tensor4D, outputs: readonly tf.Tensor4D[], training: boolean): LossParts {
  const { config, discriminator } = networks;
  const indices = selected(config.disc.outputsToD, outputs.length);
  const [real, ...fakes] = groupDistances(discriminator!, [target, ...indices.map((i) => outputs[i]!)], config, training);
  const terms: Record<string, tf.Scalar> = { real: real! };
  indices.forEach((index, k) => {
    terms[`fake-h${index + 1}`] = fakes[k]!;
  });
  return { total: sphereDiscriminatorLoss(real!, fakes), terms };
}

function clipValue(config: HdrGanConfig): { clipValue?: number } {
  return config.train.gradClip > 0 ? { clipValue: config.train.gradClip } : {};
}

/** One generator update (spectral-norm vectors of G advance once); only G's trainable weights move. */
export function generatorStep(networks: HdrGanNetworks, batch: TrainingBatch, step: number): LossTerms {
  const { generator, optimizers, config } = networks;
  return optimiseStep(optimizers.generator, trainableVariables(generator), () => generatorLoss(networks, batch, true), {
    network: 'generator',
    step,
    ...clipValue(config),
  });
}

/**
 * One discriminator update on the generator's current outputs (G in inference mode: its weights and vectors
 * stay as the generator update left them); D's spectral-norm vectors advance once, only D's weights move.
 */
export function discriminatorStep(networks: HdrGanNetworks, batch: TrainingBatch, step: number): LossTerms {
  const { generator, discriminator, optimizers, config } = networks;
  if (!discriminator || !optimizers.discriminator) throw new Error(`${HDR_GAN_ID}: discriminatorStep needs the discriminator, which exists only with disc.enabled`);
  const outputs = tf.tidy(() => generate(generator, batchInputs(batch), false));
  const target = muLawTarget(batchPart(batch, 'target'));
  try {
    return optimiseStep(optimizers.discriminator, trainableVariables(discriminator), () => discriminatorLossParts(networks, target, outputs, true), {
      network: 'discriminator',
      step,
      ...clipValue(config),
    });
  } finally {
    tf.dispose([...outputs, target]);
  }
}

/** A training step: the generator update, then the discriminator update [C]; terms per network when there is a discriminator. */
export function hdrGanTrainStep(networks: HdrGanNetworks, batch: TrainingBatch, step: number): LossTerms {
  const generatorTerms = generatorStep(networks, batch, step);
  if (!networks.discriminator) return generatorTerms;
  return { ...prefixTerms('generator', generatorTerms), ...prefixTerms('discriminator', discriminatorStep(networks, batch, step)) };
}

/** The same terms as a training step (without gradient norms) on a batch, networks in inference mode, nothing updated. */
export function hdrGanEvaluate(networks: HdrGanNetworks, batch: TrainingBatch): LossTerms {
  return tf.tidy(() => {
    const values = (parts: LossParts) => ({
      ...Object.fromEntries(Object.entries(parts.terms).map(([name, term]) => [name, term.dataSync()[0]!])),
      total: parts.total.dataSync()[0]!,
    });
    const generatorTerms = values(generatorLoss(networks, batch, false));
    if (!networks.discriminator) return generatorTerms;
    const outputs = generate(networks.generator, batchInputs(batch), false);
    const discriminatorTerms = values(discriminatorLossParts(networks, muLawTarget(batchPart(batch, 'target')), outputs, false));
    return { ...prefixTerms('generator', generatorTerms), ...prefixTerms('discriminator', discriminatorTerms) };
  });
}
