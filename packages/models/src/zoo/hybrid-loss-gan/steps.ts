import * as tf from '@tensorflow/tfjs';
import { discriminatorLoss, generatorAdversarialLoss } from '../../losses/adversarial-bce.js';
import { illuminationReflectanceLoss } from '../../losses/illumination-reflectance.js';
import { perceptualLoss } from '../../losses/perceptual.js';
import { weightedLogL2 } from '../../losses/weighted-log-l2.js';
import type { LossTerms, TrainingBatch } from '../../registry/model.js';
import { trainableVariables } from '../../registry/variables.js';
import { optimiseStep, prefixTerms, type LossParts } from '../../training/optimise.js';
import type { HybridLossConfig } from './config.js';
import { withFrozenStatistics } from './frozen-statistics.js';

/** The networks and optimisers of a built hybrid-loss GAN; the discriminator and VGG19 exist only when their loss terms are on. */
export interface HybridLossNetworks {
  readonly config: HybridLossConfig;
  readonly generator: tf.LayersModel;
  readonly discriminator?: tf.LayersModel;
  readonly vgg19?: tf.LayersModel;
  readonly optimizers: { readonly generator: tf.Optimizer; readonly discriminator?: tf.Optimizer };
}

/** An input value at or above this 8-bit code rounds to 255: the channel is clipped. */
const CLIPPED_CODE = 254.5;

/** z beyond this is clamped before exp: exp(20) is far above any median-normalised radiance and keeps float32 finite. */
const LOG_CLAMP = 20;

function batchPart(batch: TrainingBatch, name: 'input' | 'target'): tf.Tensor4D {
  const tensor = batch[name];
  if (!tensor) throw new Error(`hybrid-loss-gan: the batch has no '${name}' (it has ${Object.keys(batch).join(', ') || 'nothing'}); examples come from hybridLossGan.data(config).example`);
  return tensor;
}

/**
 * log(ŷ + eps) from the generator's z = log(ŷ + outputEps): z itself when the two eps agree (the default),
 * else through ŷ, floored so the log stays finite.
 */
export function logPrediction(z: tf.Tensor4D, config: HybridLossConfig): tf.Tensor4D {
  const { outputEps } = config.generator;
  const { logEps } = config.loss;
  if (outputEps === logEps) return z;
  return tf.tidy(() => tf.log(tf.maximum(tf.add(tf.sub(tf.exp(tf.clipByValue(z, -LOG_CLAMP, LOG_CLAMP)), outputEps), logEps), 1e-12)) as tf.Tensor4D);
}

/** log(y + eps) of a linear HDR target (negative values, which resampling can leave, count as 0). */
export function logTarget(target: tf.Tensor4D, config: HybridLossConfig): tf.Tensor4D {
  return tf.tidy(() => tf.log(tf.add(tf.relu(target), config.loss.logEps)) as tf.Tensor4D);
}

/** The factor that brings the linear LDR input into the output's median-normalised units: 255 2^-k at input level k. */
export function outputUnitsFactor(config: HybridLossConfig): number {
  return 255 * Math.pow(2, -config.inference.inputLevel);
}

/**
 * Linear HDR from the generator's output: ŷ = exp(clamp(z, -20, 20)) - eps, negative values clipped to 0 (a
 * radiance), optionally blended with the input where it is well exposed. x' is the linear input in the output's
 * units (`outputUnitsFactor`): HDR-CNN's x' is T(x)^2 in its input's own units, but here the input is already
 * linear and the output median-normalised, so well-exposed pixels pass through in the units every prediction
 * is scored in.
 * - `hdrcnn`: HDR-CNN's (1 - a) x' + a ŷ, a ramping from 0 to 1 as max_c T(x) goes from 0.95 to 1 (T = the
 *   input transform: the generator's own view of x), so a pixel with one clipped channel is replaced whole.
 * - `channel`: per channel, only the clipped ones (8-bit code 255) are inferred, and never darker than x' (their
 *   radiance is at least the clip level); every unclipped value keeps its measurement.
 */
export function hdrFromLog(z: tf.Tensor4D, input: tf.Tensor4D, config: HybridLossConfig): tf.Tensor4D {
  return tf.tidy(() => {
    const estimate = tf.relu(tf.sub(tf.exp(tf.clipByValue(z, -LOG_CLAMP, LOG_CLAMP)), config.generator.outputEps));
    if (config.inference.blend === 'none') return estimate as tf.Tensor4D;
    const linear = tf.relu(input);
    const passed = tf.mul(linear, outputUnitsFactor(config));
    if (config.inference.blend === 'channel') return tf.where(clippedChannels(input), tf.maximum(estimate, passed), passed) as tf.Tensor4D;
    const seen = config.generator.inputTransform === 'sqrt' ? tf.sqrt(linear) : linear;
    const alpha = tf.clipByValue(tf.div(tf.sub(tf.max(seen, -1, true), 0.95), 0.05), 0, 1);
    return tf.add(tf.mul(tf.sub(1, alpha), passed), tf.mul(alpha, estimate)) as tf.Tensor4D;
  });
}

/** Where an input channel is clipped (8-bit code 255): a boolean mask of the input's shape. */
function clippedChannels(input: tf.Tensor4D): tf.Tensor {
  return tf.greaterEqual(input, CLIPPED_CODE / 255);
}

/**
 * The log image the discriminator and VGG19 see: the prediction itself, or with `loss.judged: blended` the
 * channel blend of inference without its lower bound (so every clipped channel passes gradient), in log(· + eps).
 */
export function judgedLog(logPred: tf.Tensor4D, input: tf.Tensor4D, config: HybridLossConfig): tf.Tensor4D {
  if (config.loss.judged === 'estimate') return logPred;
  return tf.tidy(() => {
    const passed = tf.mul(tf.relu(input), outputUnitsFactor(config));
    return tf.where(clippedChannels(input), logPred, tf.log(tf.add(passed, config.loss.logEps))) as tf.Tensor4D;
  });
}

function checkDiscriminatorInput(image: tf.Tensor4D, config: HybridLossConfig): void {
  const { head, inputSize } = config.disc;
  const [, height, width] = image.shape;
  if (head === 'flatten' && (height !== inputSize || width !== inputSize)) {
    throw new Error(
      `hybrid-loss-gan: the discriminator's flatten head is built for ${inputSize}x${inputSize} crops (disc.inputSize) but the batch is ${height}x${width}; ` +
        'set disc.inputSize to the crop size or use disc.head: gap',
    );
  }
}

function discriminate(discriminator: tf.LayersModel, logImage: tf.Tensor4D, config: HybridLossConfig, training: boolean): tf.Tensor {
  checkDiscriminatorInput(logImage, config);
  return discriminator.apply(logImage, { training }) as tf.Tensor;
}

/**
 * L_G = L_Rec + alpha L_GAN + beta L_VGG on one batch, with each term logged: `rec`, `gan`, `vgg` as the paper
 * defines them and `ganWeighted`, `vggWeighted` as they enter the total. `targetFeatures` are VGG19's features of
 * the target when the caller made them outside a gradient tape.
 */
export function generatorLoss(networks: HybridLossNetworks, batch: TrainingBatch, training: boolean, targetFeatures?: tf.Tensor4D): LossParts {
  const { config, generator, discriminator, vgg19 } = networks;
  const input = batchPart(batch, 'input');
  const target = batchPart(batch, 'target');
  const logPred = logPrediction(generator.apply(input, { training }) as tf.Tensor4D, config);
  const logTrue = logTarget(target, config);
  const terms: Record<string, tf.Scalar> = {};
  const parts: tf.Scalar[] = [];
  if (config.loss.rec === 'weightedLogL2') terms['rec'] = weightedLogL2(logPred, logTrue, input, config.loss.underExposure);
  if (config.loss.rec === 'illumRefl') terms['rec'] = illuminationReflectanceLoss(logPred, logTrue, input, config.loss.illumRefl);
  if (terms['rec']) parts.push(terms['rec']);
  const judged = judgedLog(logPred, input, config);
  if (discriminator) {
    terms['gan'] = generatorAdversarialLoss(discriminate(discriminator, judged, config, training), config.loss.gan.reduction);
    terms['ganWeighted'] = tf.mul(config.loss.gan.alpha, terms['gan']);
    parts.push(terms['ganWeighted']);
  }
  if (vgg19) {
    const features = targetFeatures ?? (vgg19.apply(logTrue) as tf.Tensor4D);
    terms['vgg'] = perceptualLoss(vgg19.apply(judged) as tf.Tensor4D, features);
    terms['vggWeighted'] = tf.mul(config.loss.vgg.beta, terms['vgg']);
    parts.push(terms['vggWeighted']);
  }
  return { total: tf.addN(parts), terms };
}

/** L_D on one batch from the log-domain real targets and fakes; logs D's mean probability on each. */
function discriminatorLossParts(discriminator: tf.LayersModel, logReal: tf.Tensor4D, logFake: tf.Tensor4D, config: HybridLossConfig, training: boolean): LossParts {
  const realLogits = discriminate(discriminator, logReal, config, training);
  const fakeLogits = discriminate(discriminator, logFake, config, training);
  return {
    total: discriminatorLoss(realLogits, fakeLogits),
    terms: { realProbability: tf.mean(tf.sigmoid(realLogits)), fakeProbability: tf.mean(tf.sigmoid(fakeLogits)) },
  };
}

/**
 * One discriminator update: the fakes come from the generator in training mode (as the generator update
 * sees them) with its running statistics left alone, and only D's variables move.
 */
export function discriminatorStep(networks: HybridLossNetworks, batch: TrainingBatch, step: number): LossTerms {
  const { config, generator, discriminator, optimizers } = networks;
  if (!discriminator || !optimizers.discriminator) throw new Error('hybrid-loss-gan: discriminatorStep needs the discriminator, which exists only with loss.gan.enabled');
  const input = batchPart(batch, 'input');
  const logFake = withFrozenStatistics(generator, () => tf.tidy(() => judgedLog(logPrediction(generator.apply(input, { training: true }) as tf.Tensor4D, config), input, config)));
  const logReal = logTarget(batchPart(batch, 'target'), config);
  try {
    return optimiseStep(optimizers.discriminator, trainableVariables(discriminator), () => discriminatorLossParts(discriminator, logReal, logFake, config, true), {
      network: 'discriminator',
      step,
    });
  } finally {
    logFake.dispose();
    logReal.dispose();
  }
}

/**
 * One generator update of L_G with BN in training mode; only G's variables move (the discriminator runs in
 * training mode with its running statistics left alone). VGG19's target features are made outside the tape.
 */
export function generatorStep(networks: HybridLossNetworks, batch: TrainingBatch, step: number): LossTerms {
  const { config, generator, discriminator, vgg19, optimizers } = networks;
  const targetFeatures = vgg19 ? tf.tidy(() => vgg19.apply(logTarget(batchPart(batch, 'target'), config)) as tf.Tensor4D) : undefined;
  try {
    const update = () =>
      optimiseStep(optimizers.generator, trainableVariables(generator), () => generatorLoss(networks, batch, true, targetFeatures), { network: 'generator', step });
    return discriminator ? withFrozenStatistics(discriminator, update) : update();
  } finally {
    targetFeatures?.dispose();
  }
}

/** A training step: the discriminator update, then the generator update; terms per network when there is a discriminator. */
export function hybridLossTrainStep(networks: HybridLossNetworks, batch: TrainingBatch, step: number): LossTerms {
  if (!networks.discriminator) return generatorStep(networks, batch, step);
  const discriminatorTerms = prefixTerms('discriminator', discriminatorStep(networks, batch, step));
  return { ...discriminatorTerms, ...prefixTerms('generator', generatorStep(networks, batch, step)) };
}

/** The same terms as a training step (without gradient norms) on a batch, networks in inference mode, nothing updated. */
export function hybridLossEvaluate(networks: HybridLossNetworks, batch: TrainingBatch): LossTerms {
  return tf.tidy(() => {
    const values = (parts: LossParts) => ({
      ...Object.fromEntries(Object.entries(parts.terms).map(([name, term]) => [name, term.dataSync()[0]!])),
      total: parts.total.dataSync()[0]!,
    });
    const generatorTerms = values(generatorLoss(networks, batch, false));
    const { discriminator, generator, config } = networks;
    if (!discriminator) return generatorTerms;
    const input = batchPart(batch, 'input');
    const logFake = judgedLog(logPrediction(generator.apply(input, { training: false }) as tf.Tensor4D, config), input, config);
    const discriminatorTerms = values(discriminatorLossParts(discriminator, logTarget(batchPart(batch, 'target'), config), logFake, config, false));
    return { ...prefixTerms('discriminator', discriminatorTerms), ...prefixTerms('generator', generatorTerms) };
  });
}
