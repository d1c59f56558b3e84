import * as tf from '@tensorflow/tfjs';
import { ConfigError, createHdrImage, initEngine } from '@hdr-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveModelConfig, type ModelConfigRequest } from '../../../src/registry/resolve-config.js';
import type { Model } from '../../../src/registry/model.js';
import { deepChainHdri } from '../../../src/zoo/deep-chain-hdri/definition.js';
import { DEEP_CHAIN_TARGET_EVS } from '../../../src/zoo/deep-chain-hdri/exposures.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

const build = (request: ModelConfigRequest = {}, seed = 1) =>
  deepChainHdri.create(resolveModelConfig(deepChainHdri, request), { seed });

const layerClasses = (network: tf.LayersModel) => network.layers.map((layer) => layer.getClassName());
const trainable = (model: Model) => model.parameterCounts().reduce((sum, count) => sum + count.trainable, 0);

/**
 * One paper-size subnet (width 32, RGB, batch norm, convs before BN without bias):
 * F1 3*9*32 = 864, F2..F7 6 * 32*9*32 = 55 296, r1 and r2 224*32 = 7 168 each, r3 32*9*32 = 9 216,
 * r4 64*3 + 3 = 195; BN gamma + beta 10 * 64 = 640; PReLU/MPReLU alpha 10 * 32 = 320. Sum 80 867
 * (spec 7: "about 0.08 M"), plus 640 moving means/variances.
 */
const PAPER_SUBNET = 80_867;
/** Shallow baseline, width 64, every layer biased: 3*9*64+64 + 4 * (64*9*64+64) + 64*9*3+3. */
const SHALLOW_NETWORK = 1_792 + 4 * 36_928 + 1_731;

describe('deep-chain-hdri structure', () => {
  it('has the exact parameter counts of the paper-size subnets, chain, direct and shallow networks', async () => {
    const chain = await build();
    expect(chain.parameterCounts()).toEqual(['up1', 'up2', 'up3', 'down1', 'down2', 'down3'].map((network) => ({ network, trainable: PAPER_SUBNET, nonTrainable: 640 })));
    expect(trainable(chain)).toBe(485_202);
    expect(chain.variables().size).toBe(6 * (10 + 20 + 10 + 2 + 20));
    chain.dispose();
    const direct = await build({ preset: 'direct_ev3' });
    expect(direct.parameterCounts().map((count) => [count.network, count.trainable])).toEqual([
      ['upDirect', PAPER_SUBNET],
      ['downDirect', PAPER_SUBNET],
    ]);
    direct.dispose();
    const shallow = await build({ preset: 'shallow_ev3' });
    expect(shallow.parameterCounts()).toEqual([
      { network: 'upShallow', trainable: SHALLOW_NETWORK, nonTrainable: 0 },
      { network: 'downShallow', trainable: SHALLOW_NETWORK, nonTrainable: 0 },
    ]);
    shallow.dispose();
    const grey = await build({ overrides: { 'subnet.channels': 'perChannel', 'chain.mode': 'direct' } });
    // F1 sees one plane (9*32 = 288, not 864) and r4 makes one (64 + 1, not 195).
    expect(grey.parameterCounts()[0]!.trainable).toBe(PAPER_SUBNET - 576 - 130);
    grey.dispose();
    const last = await build({ overrides: { 'subnet.featureConcat': false, 'chain.mode': 'direct' } });
    // r1 and r2 read F7's 32 channels instead of 224.
    expect(last.parameterCounts()[0]!.trainable).toBe(PAPER_SUBNET - 2 * 192 * 32);
    last.dispose();
  });

  it('uses PReLU in the brighter subnets and MPReLU in the darker ones, PReLU everywhere with prelu_down', async () => {
    const paper = await build({ tiny: true });
    const count = (network: tf.LayersModel, name: string) => layerClasses(network).filter((className) => className === name).length;
    for (const name of ['up1', 'up2', 'up3']) expect([count(paper.networks[name]!, 'PReLU'), count(paper.networks[name]!, 'MPReLU')]).toEqual([10, 0]);
    for (const name of ['down1', 'down2', 'down3']) expect([count(paper.networks[name]!, 'PReLU'), count(paper.networks[name]!, 'MPReLU')]).toEqual([0, 10]);
    const prelu = paper.networks['up1']!.layers.find((layer) => layer.getClassName() === 'PReLU')!;
    expect(prelu.getWeights()[0]!.shape).toEqual([1, 1, 8]);
    expect(Array.from(prelu.getWeights()[0]!.dataSync())).toEqual(new Array(8).fill(0.25));
    paper.dispose();
    const ablation = await build({ tiny: true, preset: 'prelu_down' });
    for (const name of ['down1', 'down2', 'down3']) expect([count(ablation.networks[name]!, 'PReLU'), count(ablation.networks[name]!, 'MPReLU')]).toEqual([10, 0]);
    ablation.dispose();
  });

  it('builds 30 trainable dilated convolutions (d = 2, 3, 5, 8, 13 per subnet) and batch norm with explicit settings', async () => {
    const model = await build({ tiny: true });
    const layers = Object.values(model.networks).flatMap((network) => network.layers);
    const dilated = layers.filter((layer) => layer.getClassName() === 'DilatedConv2D');
    expect(dilated).toHaveLength(30);
    expect(dilated.slice(0, 5).map((layer) => layer.getConfig()['dilation'])).toEqual([2, 3, 5, 8, 13]);
    const norms = layers.filter((layer) => layer.getClassName() === 'BatchNormalization');
    expect(norms).toHaveLength(60);
    expect(new Set(norms.map((layer) => `${layer.getConfig()['momentum']}/${layer.getConfig()['epsilon']}`))).toEqual(new Set(['0.99/0.001']));
    // No layer before batch norm carries a bias; r4 (tanh) does.
    expect(model.networks['up1']!.getLayer('up1_f1_conv').getWeights()).toHaveLength(1);
    expect(model.networks['up1']!.getLayer('up1_r4_conv').getWeights()).toHaveLength(2);
    model.dispose();
  });

  it('builds the intended network per mode: chain (six subnets), direct (one subnet per direction), shallow (3 conv + 3 deconv)', async () => {
    const chain = await build({ tiny: true });
    const direct = await build({ tiny: true, preset: 'direct_ev3' });
    const shallow = await build({ tiny: true, preset: 'shallow_ev3' });
    expect(Object.keys(chain.networks)).toEqual(['up1', 'up2', 'up3', 'down1', 'down2', 'down3']);
    expect(Object.keys(direct.networks)).toEqual(['upDirect', 'downDirect']);
    expect(Object.keys(shallow.networks)).toEqual(['upShallow', 'downShallow']);
    expect(layerClasses(direct.networks['upDirect']!)).toEqual(layerClasses(chain.networks['up1']!));
    const shallowClasses = layerClasses(shallow.networks['upShallow']!);
    expect(shallowClasses.filter((name) => name === 'Conv2D')).toHaveLength(3);
    expect(shallowClasses.filter((name) => name === 'Conv2DTranspose')).toHaveLength(3);
    expect(shallowClasses.filter((name) => name === 'Add')).toHaveLength(3);
    // Receptive-field radius: 3 subnets x (1+1+2+3+5+8+13 + 1 for r3) / one subnet / six 3x3 layers.
    expect([chain.tileHalo, direct.tileHalo, shallow.tileHalo]).toEqual([102, 34, 6]);
    expect([chain.sizeMultiple, direct.sizeMultiple, shallow.sizeMultiple]).toEqual([1, 1, 1]);
    for (const [model, channels] of [[chain, 18], [direct, 6], [shallow, 6]] as const) {
      for (const [height, width] of [[37, 53], [16, 16], [5, 3]]) {
        const x = tf.randomUniform([1, height, width, 3], 0, 1, 'float32', height) as tf.Tensor4D;
        const y = model.forward(x);
        expect(y.shape).toEqual([1, height, width, channels]);
        const [low, high] = [tf.min(y).dataSync()[0]!, tf.max(y).dataSync()[0]!];
        expect(low).toBeGreaterThanOrEqual(0);
        expect(high).toBeLessThanOrEqual(1);
        tf.dispose([x, y]);
      }
    }
    for (const model of [chain, direct, shallow]) model.dispose();
  });

  it('gives identical weights for the same seed and different ones for another', async () => {
    const values = (model: Model) => [...model.variables()].map(([name, variable]) => [name, Array.from(variable.dataSync())]);
    const [a, b, c] = await Promise.all([build({ tiny: true }, 5), build({ tiny: true }, 5), build({ tiny: true }, 6)]);
    expect(values(a)).toEqual(values(b));
    expect(values(a)).not.toEqual(values(c));
    for (const model of [a, b, c]) model.dispose();
  });
});

describe('deep-chain-hdri config', () => {
  it('parses {} to the paper configuration and resolves every preset', () => {
    const paper = deepChainHdri.schema.parse({});
    expect(paper.subnet).toMatchObject({ featureConcat: true, dilations: [1, 1, 2, 3, 5, 8, 13], width: 32, batchNorm: true, activationUp: 'prelu', activationDown: 'mprelu', channels: 'rgb' });
    expect(paper.chain).toMatchObject({ mode: 'chain', training: 'joint', intermediateLoss: true });
    expect(paper.loss.tvWeight).toBe(0.001);
    expect(paper.train).toMatchObject({ lr: 1e-3, beta1: 0.9, beta2: 0.999 });
    expect(paper.inference).toEqual({ mode: 'fullconv', patch: { size: 64, stride: 16 } });
    expect(paper.merge).toMatchObject({ method: 'debevec', smoothing: 20, samples: 256 });
    expect(Object.keys(deepChainHdri.presets).sort()).toEqual(['direct_ev3', 'no_intermediate', 'paper', 'prelu_down', 'shallow_ev3']);
    for (const preset of Object.keys(deepChainHdri.presets)) expect(() => resolveModelConfig(deepChainHdri, { preset, tiny: true })).not.toThrow();
    expect(resolveModelConfig(deepChainHdri, { tiny: true }).subnet.width).toBe(8);
  });

  it('refuses contradictory or unknown settings with the setting named', () => {
    expect(() => resolveModelConfig(deepChainHdri, { preset: 'direct_ev3', overrides: { 'chain.training': 'stagewise-gt' } })).toThrow(/chain\.training.*use training 'joint'/);
    expect(() => resolveModelConfig(deepChainHdri, { preset: 'no_intermediate', overrides: { 'chain.training': 'stagewise-inferred' } })).toThrow(/chain\.intermediateLoss/);
    expect(() => resolveModelConfig(deepChainHdri, { overrides: { 'subnet.depth': 3 } })).toThrow(ConfigError);
    expect(() => resolveModelConfig(deepChainHdri, { overrides: { 'subnet.activationDown': 'relu' } })).toThrow(/subnet\.activationDown/);
  });

  it("makes examples from an EV stack: input EV 0, targets EV -3, -2, -1, +1, +2, +3 along channels", () => {
    const data = deepChainHdri.data(deepChainHdri.schema.parse({}));
    expect(data.synth).toBe('deep-chain');
    // Each exposure is a constant image whose value encodes its EV and channel.
    const exposures = [-3, -2, -1, 0, 1, 2, 3].map((ev) => ({
      label: `EV ${ev}`,
      stops: ev,
      time: 2 ** ev,
      image: createHdrImage(3, 2, 3, Float32Array.from({ length: 18 }, (_, i) => ev * 10 + (i % 3))),
    }));
    const example = data.example({ groundTruth: exposures[3]!.image, exposures, referenceIndex: 3 }, () => 0);
    expect(example['input']!.shape).toEqual([2, 3, 3]);
    expect(Array.from(example['input']!.data.slice(0, 3))).toEqual([0, 1, 2]);
    expect(example['targets']!.shape).toEqual([2, 3, 18]);
    const pixel = Array.from(example['targets']!.data.slice(18 * 4, 18 * 5));
    expect(pixel).toEqual(DEEP_CHAIN_TARGET_EVS.flatMap((ev) => [ev * 10, ev * 10 + 1, ev * 10 + 2]));
    expect(() => data.example({ groundTruth: exposures[3]!.image, exposures: exposures.slice(1), referenceIndex: 2 }, () => 0)).toThrow(/no EV -3 exposure.*'deep-chain' synthesis/);
  });
});
