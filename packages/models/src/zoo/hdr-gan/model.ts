import * as tf from '@tensorflow/tfjs';
import { createHdrImage } from '@hdr-lab/core';
import { linearFromMuLawOutput } from '../../losses/mu-law-l1.js';
import { withPaddingToMultiple } from '../../inference/pad.js';
import { predictTiled } from '../../inference/tiling.js';
import type { BracketModel } from '../../registry/model.js';
import { mergeVariables, networkVariables, parameterCount } from '../../registry/variables.js';
import type { HdrGanConfig } from './config.js';
import { buildDiscriminator } from './discriminator.js';
import { buildGenerator, receptiveRadius } from './generator.js';
import { EXPOSURE_COUNT, exposureInputs, HDR_GAN_ID, INPUT_CHANNELS, INPUT_NAMES } from './inputs.js';
import { generate, hdrGanEvaluate, hdrGanTrainStep, type HdrGanNetworks } from './steps.js';

/** The paper-size widths; anything else is a narrowed network whose results are not comparable. */
const PAPER_WIDTH = { generator: 32, discriminator: 64 } as const;

function optimizer(config: HdrGanConfig): tf.Optimizer {
  const { lr, beta1, beta2, epsilon } = config.train;
  return tf.train.adam(lr, beta1, beta2, epsilon);
}

/** 0-based index of the decoder output prediction returns. */
export function reportedOutput(config: HdrGanConfig): number {
  const { output } = config.inference;
  return output === 'last' ? config.generator.scales - 2 : output - 1;
}

function describeRun(config: HdrGanConfig): { tags: Record<string, string>; notices: string[] } {
  const narrowed = [
    ['generator', config.generator.width, PAPER_WIDTH.generator],
    ...(config.disc.enabled ? [['discriminator', config.disc.width, PAPER_WIDTH.discriminator] as const] : []),
  ].filter(([, width, paper]) => width !== paper);
  const notices = narrowed.length
    ? [`${HDR_GAN_ID}: narrowed networks (${narrowed.map(([network, width, paper]) => `${network} width ${width} of ${paper}`).join(', ')}): results are not comparable to the paper.`]
    : [];
  const tags: Record<string, string> = {
    hdrInput: config.generator.hdrInput,
    refPoint: config.disc.enabled ? config.disc.sphere.refPoint : 'not used',
    scales: String(config.generator.scales),
    reportedOutput: `H${reportedOutput(config) + 1}`,
    comparableToPaper: narrowed.length === 0 ? 'true' : 'false',
  };
  if (narrowed.length) tags['notComparableBecause'] = 'narrowed networks';
  return { tags, notices };
}

/** Builds HDR-GAN for a config: the generator, the discriminator when `disc.enabled`, one Adam each. */
export async function createHdrGan(config: HdrGanConfig, seed: number): Promise<BracketModel> {
  const built: tf.LayersModel[] = [];
  try {
    const generator = buildGenerator({ ...config.generator, seed });
    built.push(generator);
    const discriminator = config.disc.enabled ? buildDiscriminator({ width: config.disc.width, seed }) : undefined;
    if (discriminator) built.push(discriminator);
    const optimizers = { generator: optimizer(config), ...(discriminator ? { discriminator: optimizer(config) } : {}) };
    const networks: HdrGanNetworks = { config, generator, ...(discriminator ? { discriminator } : {}), optimizers };
    const sizeMultiple = 2 ** (config.generator.scales - 1);
    // The bottom scale's dilated convs reflect-pad by the dilation, which needs maps larger than that.
    const minSize = sizeMultiple * (config.generator.mergeDilation + 1);
    const tileHalo = Math.ceil(receptiveRadius(config.generator) / sizeMultiple) * sizeMultiple;
    const outputIndex = reportedOutput(config);
    const { tags, notices } = describeRun(config);

    /** The reported output for the three inputs laid side by side along channels, padded to the size multiple and cropped back. */
    const forwardStacked = (stacked: tf.Tensor4D) => {
      const [, height, width] = stacked.shape;
      if (height < minSize || width < minSize) {
        throw new Error(`${HDR_GAN_ID}: a ${config.generator.scales}-scale generator needs inputs of at least ${minSize}x${minSize} px, got ${width}x${height}`);
      }
      return withPaddingToMultiple(stacked, sizeMultiple, (padded) =>
        tf.tidy(() => generate(generator, tf.split(padded, EXPOSURE_COUNT, 3) as tf.Tensor4D[], false)[outputIndex]!),
      );
    };

    return {
      id: HDR_GAN_ID,
      inputDomain: 'ldr-bracket',
      exposureCount: EXPOSURE_COUNT,
      cameraGamma: config.generator.gamma,
      networks: { generator, ...(discriminator ? { discriminator } : {}) },
      optimizers,
      variables: () => mergeVariables(networkVariables('generator', generator), ...(discriminator ? [networkVariables('discriminator', discriminator)] : [])),
      trainStep: (batch, step) => hdrGanTrainStep(networks, batch, step),
      evaluateLoss: (batch) => hdrGanEvaluate(networks, batch),
      sizeMultiple,
      tileHalo,
      forward: (inputs) =>
        tf.tidy(() => {
          const parts = INPUT_NAMES.map((name) => {
            const tensor = inputs[name];
            if (!tensor) throw new Error(`${HDR_GAN_ID}: forward needs '${name}' (it got ${Object.keys(inputs).join(', ') || 'nothing'}); make inputs with hdrGan.data(config).example`);
            return tensor;
          });
          return forwardStacked(tf.concat(parts, 3));
        }),
      predict: async (bracket, options = {}) => {
        const arrays = exposureInputs(bracket.exposures, config.generator);
        const { width, height } = bracket.exposures[0]!.image;
        const channels = EXPOSURE_COUNT * INPUT_CHANNELS;
        const stacked = new Float32Array(width * height * channels);
        for (let p = 0; p < width * height; p++) {
          arrays.forEach((array, i) => stacked.set(array.subarray(p * INPUT_CHANNELS, (p + 1) * INPUT_CHANNELS), p * channels + i * INPUT_CHANNELS));
        }
        const out = predictTiled({ width, height, channels, data: stacked }, (input) => tf.tidy(() => linearFromMuLawOutput(forwardStacked(input))), {
          tile: options.tile ?? 512,
          halo: tileHalo,
          multiple: sizeMultiple,
        });
        return createHdrImage(out.width, out.height, 3, out.data);
      },
      parameterCounts: () => [parameterCount('generator', generator), ...(discriminator ? [parameterCount('discriminator', discriminator)] : [])],
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
