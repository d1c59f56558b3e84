import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, initEngine } from '@hdr-lab/core';
import { resolveModelConfig } from '../../../src/registry/resolve-config.js';
import { hybridLossGan } from '../../../src/zoo/hybrid-loss-gan/definition.js';
import { buildGenerator } from '../../../src/zoo/hybrid-loss-gan/generator.js';
import { buildVgg19Features } from '../../../src/zoo/hybrid-loss-gan/vgg19.js';
import { readLayersFileWeights } from '../../../src/pretrained/layers-file.js';
import { writeLayersFile } from '../../pretrained/write-layers-file.js';
import { disposeBatch, exampleSource, sceneBatch, syntheticScene, tinyConfig } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-hybrid-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

describe('hybrid-loss GAN config', () => {
  it("defaults are the paper's configuration", () => {
    const config = hybridLossGan.schema.parse({});
    expect(config.generator).toEqual({ init: 'hdrcnn', path: null, inputTransform: 'identity', outputEps: 1 / 255, widthDivisor: 1 });
    expect(config.disc).toEqual({ head: 'flatten', inputSize: 256, widthDivisor: 1 });
    expect(config.loss).toEqual({
      rec: 'weightedLogL2',
      underExposure: { tau: 0.05, gamma: 5 },
      illumRefl: { lambda: 0.5, tau: 0.95 },
      gan: { enabled: true, alpha: 1e-3, reduction: 'sum' },
      vgg: { enabled: true, beta: 5e-4, layer: 'pool5', weights: { source: 'file', path: null }, widthDivisor: 1 },
      judged: 'estimate',
      logEps: 1 / 255,
    });
    expect(config.train).toEqual({ lr: 2e-5, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, levels: [4, 5, 6, 7, 8] });
    expect(config.inference).toEqual({ blend: 'none', inputLevel: 6 });
  });

  it('rejects unknown keys, widths that do not divide 64, levels the synthesis does not make, and a config with no loss term', () => {
    const message = (settings: Record<string, unknown>) => {
      try {
        resolveModelConfig(hybridLossGan, { overrides: settings });
        return '';
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
    };
    expect(message({ 'loss.vgg.weigths': 1 })).toMatch(/loss\.vgg/);
    expect(message({ 'disc.widthDivisor': 3 })).toMatch(/disc\.widthDivisor: widthDivisor must divide 64/);
    expect(message({ 'train.levels': [2, 4] })).toMatch(/train\.levels\[0\]/);
    expect(message({ 'loss.rec': 'none', 'loss.gan.enabled': false, 'loss.vgg.enabled': false })).toMatch(/loss: no loss term is on/);
  });

  it('the paper config without weight files is refused, naming the setting and the fix; never a silent substitute', async () => {
    await expect(hybridLossGan.create(hybridLossGan.schema.parse({}), { seed: 0 })).rejects.toThrow(
      /generator\.path: generator\.init 'hdrcnn' loads the trained HDR-CNN .*docs\/pretrained-weights\.md.* generator\.init: random/,
    );
    const randomGenerator = resolveModelConfig(hybridLossGan, { overrides: { 'generator.init': 'random' } });
    const refusal = hybridLossGan.create(randomGenerator, { seed: 0 });
    await expect(refusal).rejects.toBeInstanceOf(ConfigError);
    await expect(refusal).rejects.toThrow(/loss\.vgg\.weights\.path: .*ImageNet VGG19.*docs\/pretrained-weights\.md.*source: random-init/);
    // With the perceptual loss off, VGG19's file is not needed.
    const model = await hybridLossGan.create(tinyConfig('rec_gan', { 'loss.vgg.weights': { source: 'file' } }), { seed: 0 });
    model.dispose();
  });

  it('random-init weights are tagged not comparable to the paper, with one notice each', async () => {
    const model = await hybridLossGan.create(tinyConfig('full', { 'loss.vgg.weights.seed': 4 }), { seed: 7 });
    expect(model.tags).toMatchObject({
      generatorWeights: 'random-init seed 7',
      vgg19Weights: 'random-init seed 4',
      discriminatorHead: 'gap',
      comparableToPaper: 'false',
      notComparableBecause: 'generator random-init; vgg19 random-init; narrowed networks (generator 1/8, discriminator 1/8, vgg19 1/8); discriminator gap head',
    });
    expect(model.notices.filter((notice) => notice.includes('VGG19 of the perceptual loss has random weights (loss.vgg.weights.source: random-init, seed 4)'))).toHaveLength(1);
    expect(model.notices.filter((notice) => notice.includes('the generator starts from random weights'))).toHaveLength(1);
    expect(model.notices.every((notice) => notice.startsWith('hybrid-loss-gan: ') && notice.includes('not') && notice.includes('comparable'))).toBe(true);
    model.dispose();
  });

  it('presets build only the networks their terms need and log exactly those terms', async () => {
    const batch = sceneBatch(tinyConfig(), 1, 32);
    const expected: Record<string, { networks: string[]; terms: string[] }> = {
      rec: { networks: ['generator'], terms: ['rec', 'total'] },
      rec_gan: { networks: ['generator', 'discriminator'], terms: ['discriminator/realProbability', 'discriminator/fakeProbability', 'discriminator/total', 'generator/rec', 'generator/gan', 'generator/ganWeighted', 'generator/total'] },
      rec_vgg: { networks: ['generator'], terms: ['rec', 'vgg', 'vggWeighted', 'total'] },
      gan_vgg: {
        networks: ['generator', 'discriminator'],
        terms: ['discriminator/realProbability', 'discriminator/fakeProbability', 'discriminator/total', 'generator/gan', 'generator/ganWeighted', 'generator/vgg', 'generator/vggWeighted', 'generator/total'],
      },
      full: {
        networks: ['generator', 'discriminator'],
        terms: ['discriminator/realProbability', 'discriminator/fakeProbability', 'discriminator/total', 'generator/rec', 'generator/gan', 'generator/ganWeighted', 'generator/vgg', 'generator/vggWeighted', 'generator/total'],
      },
      hdrcnn_baseline: { networks: ['generator'], terms: ['rec', 'total'] },
    };
    expect(Object.keys(hybridLossGan.presets).sort()).toEqual(Object.keys(expected).sort());
    for (const [preset, { networks, terms }] of Object.entries(expected)) {
      const model = await hybridLossGan.create(tinyConfig(preset), { seed: 1 });
      expect(Object.keys(model.networks)).toEqual(networks);
      expect(Object.keys(model.optimizers)).toEqual(networks);
      const values = model.evaluateLoss(batch);
      expect(Object.keys(values).sort()).toEqual([...terms].sort());
      expect(Object.values(values).every(Number.isFinite)).toBe(true);
      model.dispose();
    }
    disposeBatch(batch);
  });

  it('the total is rec + alpha gan + beta vgg, and the illumRefl switch changes only the reconstruction term', async () => {
    const batch = sceneBatch(tinyConfig(), 1, 32);
    const model = await hybridLossGan.create(tinyConfig('full', { 'loss.gan.alpha': 0.5, 'loss.vgg.beta': 0.25 }), { seed: 1 });
    const terms = model.evaluateLoss(batch);
    expect(terms['generator/total']).toBeCloseTo(terms['generator/rec']! + 0.5 * terms['generator/gan']! + 0.25 * terms['generator/vgg']!, 3);
    const baseline = await hybridLossGan.create(tinyConfig('hdrcnn_baseline'), { seed: 1 });
    const weighted = await hybridLossGan.create(tinyConfig('rec'), { seed: 1 });
    expect(baseline.evaluateLoss(batch)['rec']).not.toBeCloseTo(weighted.evaluateLoss(batch)['rec']!, 3);
    for (const m of [model, baseline, weighted]) m.dispose();
    disposeBatch(batch);
  });

  it('examples: one level drawn from train.levels as input, the normalised ground truth as target', () => {
    const source = exampleSource(syntheticScene(8, 4, 3));
    const { synth, example } = hybridLossGan.data(tinyConfig('full', { 'train.levels': [6, 8] }));
    expect(synth).toBe('hybrid-loss');
    const draws: number[] = [];
    const made = example(source, (count) => {
      draws.push(count);
      return 1;
    });
    expect(draws).toEqual([2]);
    expect(made['input']!.shape).toEqual([4, 8, 3]);
    expect(made['input']!.data).toEqual(source.exposures.find((exposure) => exposure.stops === 8)!.image.data);
    expect(made['target']!.data).toEqual(source.groundTruth.data);
    const missing = { ...source, exposures: source.exposures.filter((exposure) => exposure.stops !== 8) };
    expect(() => example(missing, () => 1)).toThrow(/no input level 2\^-8/);
  });

  it('inputFromHdr: median-normalised, then the 8-bit linear level 2^-6', async () => {
    const model = await hybridLossGan.create(tinyConfig('rec'), { seed: 1 });
    const scene = syntheticScene(16, 8, 5);
    const made = model.inputFromHdr(scene);
    expect(made.channels).toBe(3);
    expect(made.data).toEqual(exampleSource(scene).exposures.find((exposure) => exposure.stops === 6)!.image.data);
    model.dispose();
  });
});

describe('hybrid-loss GAN pretrained weights from files', () => {
  it('VGG19 from a file: its weights land in the network and the run records the file hash', async () => {
    const source = buildVgg19Features({ widthDivisor: 8, layer: 'pool5', seed: 11 });
    const file = await writeLayersFile(source, join(work, 'vgg19'), { shards: 2, rename: (name) => name.replace(/^vgg19_/, '') });
    const { sha256, dispose } = await readLayersFileWeights(file);
    dispose();
    const model = await hybridLossGan.create(tinyConfig('rec_vgg', { 'loss.vgg.weights': { source: 'file', path: file } }), { seed: 1 });
    expect(model.tags['vgg19Weights']).toBe(`file ${sha256}`);
    expect(model.notices.some((notice) => notice.includes('VGG19'))).toBe(false);
    const batch = sceneBatch(tinyConfig(), 1, 32);
    const fromFile = model.evaluateLoss(batch)['vgg'];
    const random = await hybridLossGan.create(tinyConfig('rec_vgg'), { seed: 1 });
    expect(random.evaluateLoss(batch)['vgg']).not.toBeCloseTo(fromFile!, 1);
    for (const m of [model, random]) m.dispose();
    source.dispose();
    disposeBatch(batch);
  });

  it('generator.init hdrcnn fills every layer from the file; vgg16 fills only the encoder', async () => {
    const trained = buildGenerator({ widthDivisor: 8, inputTransform: 'identity', seed: 21 });
    const file = await writeLayersFile(trained, join(work, 'hdrcnn'), { rename: (name) => name.replace(/^g_/, '') });
    const x = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const hdrcnn = await hybridLossGan.create(tinyConfig('rec', { 'generator.init': 'hdrcnn', 'generator.path': file }), { seed: 1 });
    expect(Array.from((hdrcnn.networks['generator']!.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((trained.predict(x) as tf.Tensor).dataSync()));
    expect(hdrcnn.tags['generatorWeights']).toMatch(/^hdrcnn file [0-9a-f]{64}$/);

    const vgg16 = await hybridLossGan.create(tinyConfig('rec', { 'generator.init': 'vgg16', 'generator.path': file }), { seed: 1 });
    const fresh = buildGenerator({ widthDivisor: 8, inputTransform: 'identity', seed: 1 });
    const weight = (model: tf.LayersModel, layer: string) => Array.from(model.getLayer(layer).getWeights()[0]!.dataSync());
    expect(weight(vgg16.networks['generator']!, 'g_block5_conv3')).toEqual(weight(trained, 'g_block5_conv3'));
    expect(weight(vgg16.networks['generator']!, 'g_h6_conv')).toEqual(weight(fresh, 'g_h6_conv'));
    expect(vgg16.tags['generatorWeights']).toMatch(/^vgg16 encoder file [0-9a-f]{64}, random decoder seed 1$/);
    expect(vgg16.notices.some((notice) => notice.includes('random decoder'))).toBe(true);

    await expect(hybridLossGan.create(tinyConfig('rec', { 'generator.init': 'hdrcnn', 'generator.path': file, 'generator.widthDivisor': 4 }), { seed: 1 })).rejects.toThrow(
      /generator\.path: .* 'block1_conv1\/kernel' is \[3, 3, 3, 8\] in the file but \[3, 3, 3, 16\] in the network/,
    );
    for (const m of [hdrcnn, vgg16]) m.dispose();
    trained.dispose();
    fresh.dispose();
  });
});
