import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import type { Model } from '../../../src/registry/model.js';
import { hybridLossGan } from '../../../src/zoo/hybrid-loss-gan/definition.js';
import { discriminatorStep, generatorStep, type HybridLossNetworks } from '../../../src/zoo/hybrid-loss-gan/steps.js';
import { disposeBatch, sceneBatch, snapshot, syntheticScene, tinyConfig } from './support.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

/** The step functions' view of a built model (the discriminator step needs the networks, not the Model facade). */
function networksOf(model: Model, preset: string): HybridLossNetworks {
  const { generator, discriminator } = model.networks;
  return {
    config: tinyConfig(preset),
    generator: generator!,
    ...(discriminator ? { discriminator } : {}),
    optimizers: { generator: model.optimizers['generator']!, ...(model.optimizers['discriminator'] ? { discriminator: model.optimizers['discriminator'] } : {}) },
  };
}

function changed(before: Map<string, Float32Array>, after: Map<string, Float32Array>): string[] {
  return [...before.keys()].filter((name) => before.get(name)!.some((value, i) => value !== after.get(name)![i]));
}

describe('hybrid-loss GAN training (tiny)', () => {
  it('150 steps on one fixed batch cut the reconstruction loss by more than half', async () => {
    const config = tinyConfig('rec');
    const model = await hybridLossGan.create(config, { seed: 0 });
    const batch = sceneBatch(config, 2, 32);
    const losses: number[] = [];
    for (let step = 0; step < 150; step++) losses.push(model.trainStep(batch, step)['rec']!);
    const first = losses[0]!;
    const last = losses.slice(-10).reduce((sum, value) => sum + value, 0) / 10;
    console.log(`hybrid-loss tiny (rec): reconstruction loss ${first.toFixed(3)} -> ${last.toFixed(3)} (mean of last 10, x${(last / first).toFixed(3)})`);
    expect(last).toBeLessThan(0.5 * first);
    expect(losses.every(Number.isFinite)).toBe(true);
    model.dispose();
    disposeBatch(batch);
  });

  it('the full loss logs every term, finite, at every step, and the reconstruction term falls', async () => {
    const config = tinyConfig('full');
    const model = await hybridLossGan.create(config, { seed: 0 });
    const batch = sceneBatch(config, 2, 32);
    const history = Array.from({ length: 40 }, (_, step) => model.trainStep(batch, step));
    const names = ['discriminator/total', 'discriminator/gradNorm', 'discriminator/realProbability', 'discriminator/fakeProbability', 'generator/total', 'generator/gradNorm', 'generator/rec', 'generator/gan', 'generator/ganWeighted', 'generator/vgg', 'generator/vggWeighted'];
    for (const terms of history) {
      expect(Object.keys(terms).sort()).toEqual([...names].sort());
      expect(Object.values(terms).every(Number.isFinite)).toBe(true);
    }
    const [firstRec, lastRec] = [history[0]!['generator/rec']!, history.at(-1)!['generator/rec']!];
    console.log(`hybrid-loss tiny (full): reconstruction term ${firstRec.toFixed(3)} -> ${lastRec.toFixed(3)} in 40 steps (x${(lastRec / firstRec).toFixed(3)})`);
    expect(lastRec).toBeLessThan(0.8 * firstRec);
    expect(history.at(-1)!['discriminator/total']!).toBeLessThan(history[0]!['discriminator/total']!);
    model.dispose();
    disposeBatch(batch);
  });

  it('the discriminator update moves only D, the generator update only G (state included)', async () => {
    const model = await hybridLossGan.create(tinyConfig('full'), { seed: 2 });
    const networks = { ...networksOf(model, 'full'), vgg19: undefined };
    delete networks.vgg19;
    const batch = sceneBatch(tinyConfig(), 2, 32);
    const generator = model.networks['generator']!;
    const discriminator = model.networks['discriminator']!;

    let g = snapshot(generator);
    let d = snapshot(discriminator);
    discriminatorStep(networks, batch, 0);
    expect(changed(g, snapshot(generator))).toEqual([]);
    const movedInD = changed(d, snapshot(discriminator));
    expect(movedInD).toContain('d_conv1/kernel');
    expect(movedInD).toContain('d_fc2/bias');
    expect(movedInD).toContain('d_bn2/moving_mean');

    g = snapshot(generator);
    d = snapshot(discriminator);
    generatorStep(networks, batch, 0);
    expect(changed(d, snapshot(discriminator))).toEqual([]);
    const movedInG = changed(g, snapshot(generator));
    expect(movedInG).toContain('g_block1_conv1/kernel');
    expect(movedInG).toContain('g_dec7_fuse/kernel');
    // BatchNorm runs in training mode: the running statistics move with the update.
    expect(movedInG).toContain('g_h6_bn/moving_mean');
    model.dispose();
    disposeBatch(batch);
  });

  it('the flatten head trains at its crop size and names the setting at any other', async () => {
    const model = await hybridLossGan.create(tinyConfig('rec_gan', { 'disc.head': 'flatten', 'disc.inputSize': 64 }), { seed: 0 });
    const right = sceneBatch(tinyConfig(), 1, 64);
    expect(Number.isFinite(model.trainStep(right, 0)['discriminator/total']!)).toBe(true);
    const wrong = sceneBatch(tinyConfig(), 1, 32);
    expect(() => model.trainStep(wrong, 1)).toThrow(/built for 64x64 crops \(disc\.inputSize\) but the batch is 32x32/);
    model.dispose();
    disposeBatch(right);
    disposeBatch(wrong);
  });

  it('leaks no tensors across trainStep, evaluateLoss, forward and predict', async () => {
    const model = await hybridLossGan.create(tinyConfig('full'), { seed: 3 });
    const batch = sceneBatch(tinyConfig(), 2, 32);
    model.trainStep(batch, 0);
    const before = tf.memory().numTensors;
    model.trainStep(batch, 1);
    expect(tf.memory().numTensors).toBe(before);
    model.evaluateLoss(batch);
    expect(tf.memory().numTensors).toBe(before);
    const input = tf.randomUniform([1, 40, 72, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    model.forward(input).dispose();
    input.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const image = model.inputFromHdr(syntheticScene(80, 48, 2));
    const hdr = await model.predict(image, { tile: 32 });
    expect([hdr.width, hdr.height, hdr.channels]).toEqual([80, 48, 3]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    disposeBatch(batch);
  });
});
