import * as tf from '@tensorflow/tfjs';
import { createHdrImage, normaliseMedianLuminance, rangeLevel, type HdrImage } from '@hdr-lab/core';
import { withPaddingToMultiple } from '../../inference/pad.js';
import { predictTiled } from '../../inference/tiling.js';
import type { SingleImageModel } from '../../registry/model.js';
import { mergeVariables, networkVariables, parameterCount } from '../../registry/variables.js';
import type { HybridLossConfig } from './config.js';
import { buildDiscriminator } from './discriminator.js';
import { buildGenerator } from './generator.js';
import { hdrFromLog, hybridLossEvaluate, outputUnitsFactor, hybridLossTrainStep, type HybridLossNetworks } from './steps.js';
import { buildVgg19Features } from './vgg19.js';
import { checkWeightSettings, initialiseGenerator, initialiseVgg19, type WeightSource } from './weights.js';

export const HYBRID_LOSS_ID = 'hybrid-loss-gan';

/** HDR-CNN pools five times. */
const SIZE_MULTIPLE = 32;

/**
 * Tile context: the generator's receptive field is wider than any practical halo (VGG16's pool5 alone sees
 * 212 px), so tiles agree with a whole-image pass closely but not exactly; 128 px keeps seams invisible in
 * practice at 1.5x the work of a 512 tile.
 */
const TILE_HALO = 128;

function optimizer(config: HybridLossConfig): tf.Optimizer {
  const { lr, beta1, beta2, epsilon } = config.train;
  return tf.train.adam(lr, beta1, beta2, epsilon);
}

/** Tags and one-time notices from the weight sources and any narrowing or head change: every reason the run departs from the paper. */
function describeRun(config: HybridLossConfig, generatorSource: WeightSource, vggSource: WeightSource | undefined): { tags: Record<string, string>; notices: string[] } {
  const deviations: string[] = [];
  const notices: string[] = [];
  for (const source of [generatorSource, vggSource]) {
    if (source?.deviation) deviations.push(source.deviation);
    if (source?.notice) notices.push(source.notice);
  }
  const narrowed = [
    ['generator', config.generator.widthDivisor],
    ...(config.loss.gan.enabled ? [['discriminator', config.disc.widthDivisor] as const] : []),
    ...(config.loss.vgg.enabled ? [['vgg19', config.loss.vgg.widthDivisor] as const] : []),
  ].filter(([, divisor]) => divisor !== 1);
  if (narrowed.length > 0) {
    const list = narrowed.map(([network, divisor]) => `${network} 1/${divisor}`).join(', ');
    deviations.push(`narrowed networks (${list})`);
    notices.push(`the networks are narrowed (${list} of the paper's channel widths): results are not comparable to the paper.`);
  }
  if (config.loss.gan.enabled && config.disc.head === 'gap') {
    deviations.push('discriminator gap head');
    notices.push("the discriminator pools globally before its first dense layer (disc.head: gap), where SRGAN's flattens: results are not strictly comparable to the paper.");
  }
  const tags: Record<string, string> = {
    generatorWeights: generatorSource.description,
    vgg19Weights: vggSource?.description ?? 'not used',
    discriminatorHead: config.loss.gan.enabled ? config.disc.head : 'not used',
    comparableToPaper: deviations.length === 0 ? 'true' : 'false',
  };
  if (deviations.length > 0) tags['notComparableBecause'] = deviations.join('; ');
  return { tags, notices: notices.map((notice) => `${HYBRID_LOSS_ID}: ${notice}`) };
}

/** Median-normalises a linear HDR image and quantises it to the 8-bit linear level 2^-k (`inference.inputLevel`), as the paper's test inputs. */
function inputFromHdr(image: HdrImage, level: number): HdrImage {
  const normalised = normaliseMedianLuminance(image).image;
  const codes = rangeLevel(normalised, level);
  return createHdrImage(image.width, image.height, 3, Float32Array.from(codes, (code) => code / 255));
}

/** Builds the hybrid-loss GAN for a config: networks (only those its loss terms need), weights as configured, optimisers. */
export async function createHybridLossGan(config: HybridLossConfig, seed: number): Promise<SingleImageModel> {
  checkWeightSettings(config);
  const built: tf.LayersModel[] = [];
  try {
    const generator = buildGenerator({ widthDivisor: config.generator.widthDivisor, inputTransform: config.generator.inputTransform, seed });
    built.push(generator);
    const generatorSource = await initialiseGenerator(generator, config, seed);
    const discriminator = config.loss.gan.enabled ? buildDiscriminator({ ...config.disc, seed }) : undefined;
    if (discriminator) built.push(discriminator);
    const { weights } = config.loss.vgg;
    const vgg19 = config.loss.vgg.enabled
      ? buildVgg19Features({ widthDivisor: config.loss.vgg.widthDivisor, layer: config.loss.vgg.layer, ...(weights.source === 'random-init' ? { seed: weights.seed } : {}) })
      : undefined;
    if (vgg19) built.push(vgg19);
    const vggSource = vgg19 ? await initialiseVgg19(vgg19, config) : undefined;
    const optimizers = { generator: optimizer(config), ...(discriminator ? { discriminator: optimizer(config) } : {}) };
    const networks: HybridLossNetworks = { config, generator, ...(discriminator ? { discriminator } : {}), ...(vgg19 ? { vgg19 } : {}), optimizers };
    const { tags, notices } = describeRun(config, generatorSource, vggSource);

    const forward = (input: tf.Tensor4D) =>
      withPaddingToMultiple(input, SIZE_MULTIPLE, (padded) => tf.tidy(() => hdrFromLog(generator.apply(padded, { training: false }) as tf.Tensor4D, padded, config)));

    return {
      id: HYBRID_LOSS_ID,
      networks: { generator, ...(discriminator ? { discriminator } : {}) },
      optimizers,
      variables: () => mergeVariables(networkVariables('generator', generator), ...(discriminator ? [networkVariables('discriminator', discriminator)] : [])),
      trainStep: (batch, step) => hybridLossTrainStep(networks, batch, step),
      evaluateLoss: (batch) => hybridLossEvaluate(networks, batch),
      inputDomain: 'linear-ldr',
      outputScale: outputUnitsFactor(config),
      sizeMultiple: SIZE_MULTIPLE,
      tileHalo: TILE_HALO,
      forward,
      predict: async (image, options = {}) => {
        if (image.channels !== 3) throw new Error(`${HYBRID_LOSS_ID}: predict takes a 3-channel linear LDR image, got ${image.channels} channels`);
        const out = predictTiled(image, forward, { tile: options.tile ?? 512, halo: TILE_HALO, multiple: SIZE_MULTIPLE });
        return createHdrImage(out.width, out.height, 3, out.data);
      },
      inputFromHdr: (image) => inputFromHdr(image, config.inference.inputLevel),
      parameterCounts: () => [
        parameterCount('generator', generator),
        ...(discriminator ? [parameterCount('discriminator', discriminator)] : []),
        ...(vgg19 ? [parameterCount('vgg19', vgg19)] : []),
      ],
      notices,
      tags,
      dispose: () => {
        for (const network of built) network.dispose();
        for (const value of Object.values(optimizers)) value.dispose();
      },
    };
  } catch (error) {
    for (const network of built) network.dispose();
    throw error;
  }
}
