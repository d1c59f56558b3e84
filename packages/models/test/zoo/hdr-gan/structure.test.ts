import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { resolveModelConfig } from '../../../src/registry/resolve-config.js';
import { hdrGan } from '../../../src/zoo/hdr-gan/definition.js';
import { buildDiscriminator } from '../../../src/zoo/hdr-gan/discriminator.js';
import { buildGenerator } from '../../../src/zoo/hdr-gan/generator.js';
import { generate } from '../../../src/zoo/hdr-gan/steps.js';
import { tinyConfig } from './support.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

/** Settings of every layer of a network with the given class. */
function layerConfigs(network: tf.LayersModel, className: string): tf.serialization.ConfigDict[] {
  return network.layers.filter((layer) => layer.getClassName() === className).map((layer) => layer.getConfig());
}

function generatorOf(overrides: Record<string, unknown>, preset = 'ours'): tf.LayersModel {
  return buildGenerator({ ...tinyConfig(preset, overrides).generator, seed: 0 });
}

describe('HDR-GAN configuration', () => {
  it("parses {} to the paper's settings, with the code's choices as switches", () => {
    const config = hdrGan.schema.parse({});
    expect(config.generator).toEqual({ scales: 3, width: 32, mergingBlocks: true, mergeDilation: 2, spectralNorm: true, hdrInput: 'linear', gamma: 2.2, sharedEncoders: false });
    expect(config.disc).toEqual({ enabled: true, outputsToD: 'all', width: 64, sphere: { moments: 3, refPoint: 'north' }, lambda: 1 });
    expect(config.deepSupervision.lossOutputs).toBe('all');
    expect(config.train).toEqual({ lr: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, gradClip: 1 });
    expect(config.inference.output).toBe('last');
    const code = resolveModelConfig(hdrGan, { preset: 'official_code' });
    expect([code.generator.hdrInput, code.disc.sphere.refPoint]).toEqual(['tonemapped', 'first']);
  });

  it('every preset resolves, paper size and tiny, and an output the generator lacks is refused', () => {
    for (const preset of Object.keys(hdrGan.presets)) {
      expect(() => resolveModelConfig(hdrGan, { preset })).not.toThrow();
      expect(() => resolveModelConfig(hdrGan, { preset, tiny: true })).not.toThrow();
    }
    expect(resolveModelConfig(hdrGan, { preset: 'four_scale' }).inference.output).toBe(2);
    expect(() => resolveModelConfig(hdrGan, { preset: 'two_scale', overrides: { 'inference.output': 2 } })).toThrow(
      /inference\.output: a 2-scale generator has 1 output; choose 1\.\.1 or 'last'/,
    );
  });
});

describe('HDR-GAN networks', () => {
  it('paper size: the 3-scale generator has 2 557 382 weights (about 2.5 M, design notes §7.8), the PatchGAN 660 929', async () => {
    const model = await hdrGan.create(hdrGan.schema.parse({}), { seed: 0 });
    // Non-trainable: one u per spectrally normalised conv, C_out values each (the 3 up-sampling convs have none).
    expect(model.parameterCounts()).toEqual([
      { network: 'generator', trainable: 2_557_382, nonTrainable: 3_590 },
      { network: 'discriminator', trainable: 660_929, nonTrainable: 449 },
    ]);
    expect(model.sizeMultiple).toBe(4);
    expect(model.tileHalo).toBe(64);
    expect(model.tags).toMatchObject({ hdrInput: 'linear', refPoint: 'north', reportedOutput: 'H2', comparableToPaper: 'true' });
    model.dispose();
  });

  it('2, 3 and 4 scales give 1, 2 and 3 tanh outputs at the input size, with 8, 12 and 16 dilated convs', () => {
    for (const [scales, size] of [[2, 12], [3, 16], [4, 24]] as const) {
      const generator = generatorOf({ 'generator.scales': scales });
      const inputs = [0, 1, 2].map((i) => tf.randomUniform([1, size, size, 6], -1, 1, 'float32', i) as tf.Tensor4D);
      const outputs = generate(generator, inputs, false);
      expect(outputs.map((output) => output.shape)).toEqual(Array.from({ length: scales - 1 }, () => [1, size, size, 3]));
      for (const output of outputs) expect(Math.max(...Array.from(output.dataSync()).map(Math.abs))).toBeLessThan(1);
      const convs = layerConfigs(generator, 'SpectralConv2D');
      expect(convs.filter((conv) => conv['dilation'] === 2)).toHaveLength(4 * scales);
      // Spectral norm on every conv but the up-sampling ones: one Up per decoder block.
      const blocks = (scales * (scales - 1)) / 2;
      expect(convs.filter((conv) => !conv['spectralNorm']).map((conv) => conv['name'])).toHaveLength(blocks);
      expect(convs.filter((conv) => !conv['spectralNorm']).every((conv) => String(conv['name']).startsWith('g_up'))).toBe(true);
      tf.dispose([...inputs, ...outputs]);
      generator.dispose();
    }
  });

  it('the 4-scale merge pre-reduces each input by conv1x1 to floor(16 C1 / 3) channels (170 at paper width), only at the bottom scale', () => {
    const names = generatorOf({ 'generator.scales': 4 }).layers.map((layer) => layer.name);
    expect(names.filter((name) => name.includes('_reduce') && !name.endsWith('_relu') && !name.endsWith('_pad'))).toEqual(['g_merge_s4_reduce1', 'g_merge_s4_reduce2', 'g_merge_s4_reduce3']);
    const paper = buildGenerator({ ...hdrGan.schema.parse({ generator: { scales: 4 } }).generator, seed: 0 });
    expect(paper.getLayer('g_merge_s4_reduce1').getWeights()[0]!.shape).toEqual([1, 1, 256, 170]);
    expect(paper.getLayer('g_merge_s4_conv1').getWeights()[0]!.shape).toEqual([3, 3, 510, 256]);
    paper.dispose();
  });

  it('without merging blocks each merge is one undilated conv with no reference residual; shared encoders share weights', () => {
    const plain = generatorOf({}, 'no_merge');
    expect(layerConfigs(plain, 'SpectralConv2D').filter((conv) => conv['dilation'] !== 1)).toHaveLength(0);
    expect(plain.layers.some((layer) => layer.name.startsWith('g_merge') && layer.name.endsWith('_add'))).toBe(false);
    const separate = generatorOf({});
    const shared = generatorOf({ 'generator.sharedEncoders': true });
    const count = (network: tf.LayersModel) => network.countParams();
    const encoder = separate.layers.filter((layer) => layer.name.startsWith('g_enc1_')).reduce((sum, layer) => sum + layer.countParams(), 0);
    expect(count(separate) - count(shared)).toBe(2 * encoder);
    for (const network of [plain, separate, shared]) network.dispose();
  });

  it('the PatchGAN maps 64 px to a 2x2 patch map and 54 px (its smallest input) to 1x1', () => {
    const discriminator = buildDiscriminator({ width: 4, seed: 0 });
    expect(layerConfigs(discriminator, 'SpectralConv2D').map((conv) => [conv['kernelSize'], conv['strides'], conv['spectralNorm']])).toEqual(
      Array.from({ length: 5 }, (_, i) => [4, i < 3 ? 2 : 1, true]),
    );
    for (const [size, out] of [[64, 2], [54, 1], [512, 58]] as const) {
      expect(discriminator.getLayer('d_conv5').computeOutputShape(discriminator.getLayer('d_conv5_pad').computeOutputShape(
        [0, 1, 2, 3].reduce<tf.Shape>((shape, i) => discriminator.getLayer(`d_conv${i + 1}`).computeOutputShape(shape) as tf.Shape, [1, size, size, 3]),
      ))).toEqual([1, out, out, 1]);
    }
    const image = tf.zeros([1, 64, 64, 3]);
    const output = discriminator.apply(image) as tf.Tensor;
    expect(output.shape).toEqual([1, 2, 2, 1]);
    tf.dispose([image, output]);
    discriminator.dispose();
  });
});
