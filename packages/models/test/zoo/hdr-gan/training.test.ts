import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import type { BracketModel } from '../../../src/registry/model.js';
import { hdrGan } from '../../../src/zoo/hdr-gan/definition.js';
import { discriminatorStep, generatorStep, type HdrGanNetworks } from '../../../src/zoo/hdr-gan/steps.js';
import { bracketOf, syntheticBracketSource } from '../../support/bracket.js';
import { bracketBatch, changed, disposeBatch, snapshot, tinyConfig } from './support.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

function networksOf(model: BracketModel, preset: string): HdrGanNetworks {
  const { generator, discriminator } = model.networks;
  return {
    config: tinyConfig(preset),
    generator: generator!,
    ...(discriminator ? { discriminator } : {}),
    optimizers: { generator: model.optimizers['generator']!, ...(model.optimizers['discriminator'] ? { discriminator: model.optimizers['discriminator'] } : {}) },
  };
}

describe('HDR-GAN training (tiny)', () => {
  it('60 steps on a fixed batch of two moving brackets cut the mu-law L1 of both outputs by more than half', async () => {
    // 32 px is below the PatchGAN's 54 px minimum, so this is the generator alone (Table III "w/o D").
    const config = tinyConfig('no_disc', { 'train.lr': 3e-3 });
    const model = await hdrGan.create(config, { seed: 0 });
    const batch = bracketBatch(config, 2, 32);
    const history = Array.from({ length: 60 }, (_, step) => model.trainStep(batch, step));
    for (const output of ['l1-h1', 'l1-h2']) {
      const losses = history.map((terms) => terms[output]!);
      const first = losses[0]!;
      const last = mean(losses.slice(-10));
      console.log(`hdr-gan tiny (no_disc, 32 px, 60 steps): ${output} ${first.toFixed(4)} -> ${last.toFixed(4)} (mean of last 10, x${(last / first).toFixed(3)})`);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(last).toBeLessThan(0.5 * first);
    }
    // Deep supervision: both outputs are in the total.
    expect(history[0]!['total']).toBeCloseTo(history[0]!['l1-h1']! + history[0]!['l1-h2']!, 5);
    model.dispose();
    disposeBatch(batch);
  });

  it('the GAN logs every term, finite; the generator update moves only G (its u included), the discriminator update only D', async () => {
    const model = await hdrGan.create(tinyConfig('ours'), { seed: 2 });
    const batch = bracketBatch(tinyConfig(), 2, 64);
    const terms = model.trainStep(batch, 0);
    expect(Object.keys(terms).sort()).toEqual(
      [
        'generator/l1-h1', 'generator/l1-h2', 'generator/adversarial', 'generator/adversarialWeighted', 'generator/total', 'generator/gradNorm',
        'discriminator/real', 'discriminator/fake-h1', 'discriminator/fake-h2', 'discriminator/total', 'discriminator/gradNorm',
      ].sort(),
    );
    expect(Object.values(terms).every(Number.isFinite)).toBe(true);
    expect(terms['generator/total']).toBeCloseTo(terms['generator/l1-h1']! + terms['generator/l1-h2']! + terms['generator/adversarial']!, 4);
    expect(terms['discriminator/total']).toBeCloseTo(terms['discriminator/fake-h1']! + terms['discriminator/fake-h2']! - 2 * terms['discriminator/real']!, 3);

    const networks = networksOf(model, 'ours');
    const generatorNames = [...model.variables().keys()].filter((name) => name.startsWith('generator/'));
    const discriminatorNames = [...model.variables().keys()].filter((name) => name.startsWith('discriminator/'));
    let before = snapshot(model.variables());
    generatorStep(networks, batch, 1);
    let moved = changed(before, snapshot(model.variables()));
    expect(moved.filter((name) => name.startsWith('discriminator/'))).toEqual([]);
    expect(moved).toContain('generator/g_enc1_s1_res_conv1/kernel');
    expect(moved).toContain('generator/g_merge_s3_conv4/u');
    expect(moved).toContain('generator/g_up1_s2/kernel');
    expect(moved.length).toBe(generatorNames.length);

    before = snapshot(model.variables());
    discriminatorStep(networks, batch, 1);
    moved = changed(before, snapshot(model.variables()));
    expect(moved.filter((name) => name.startsWith('generator/'))).toEqual([]);
    // d_conv5 has one output channel, so its normalised u is +-1 and cannot move.
    expect(moved.sort()).toEqual(discriminatorNames.filter((name) => name !== 'discriminator/d_conv5/u').sort());
    model.dispose();
    disposeBatch(batch);
  });

  it('deepSupervision.lossOutputs and disc.outputsToD choose the outputs each loss sees', async () => {
    const batch = bracketBatch(tinyConfig(), 1, 64);
    const lastOnly = await hdrGan.create(tinyConfig('no_disc', { 'deepSupervision.lossOutputs': 'last' }), { seed: 1 });
    const terms = lastOnly.trainStep(batch, 0);
    expect(terms['total']).toBeCloseTo(terms['l1-h2']!, 6);
    expect(terms['l1-h1']).toBeGreaterThan(0);
    const firstToD = await hdrGan.create(tinyConfig('disc_first_only'), { seed: 1 });
    const evaluated = firstToD.evaluateLoss(batch);
    expect(Object.keys(evaluated).filter((name) => name.startsWith('discriminator/')).sort()).toEqual(['discriminator/fake-h1', 'discriminator/real', 'discriminator/total']);
    for (const model of [lastOnly, firstToD]) model.dispose();
    disposeBatch(batch);
  });

  it('trains when D sees one output: disc_first_only, disc_last_only, and the two-scale generator with its single output', async () => {
    const batch = bracketBatch(tinyConfig(), 1, 64);
    for (const preset of ['disc_first_only', 'disc_last_only', 'two_scale']) {
      const model = await hdrGan.create(tinyConfig(preset), { seed: 1 });
      const terms = model.trainStep(batch, 0);
      expect(Object.values(terms).every(Number.isFinite), preset).toBe(true);
      expect(terms['generator/adversarial'], preset).toBeLessThan(0);
      model.dispose();
    }
    disposeBatch(batch);
  });

  it('the PatchGAN refuses crops below 54 px, naming the fix', async () => {
    const model = await hdrGan.create(tinyConfig('ours'), { seed: 0 });
    const batch = bracketBatch(tinyConfig(), 1, 32);
    expect(() => model.trainStep(batch, 0)).toThrow(/needs crops of at least 54x54 px, the batch is 32x32; train on larger crops or set disc.enabled: false/);
    model.dispose();
    disposeBatch(batch);
  });

  it('leaks no tensors across trainStep, evaluateLoss, forward and predict', async () => {
    const model = await hdrGan.create(tinyConfig('ours'), { seed: 3 });
    const batch = bracketBatch(tinyConfig(), 1, 64);
    model.trainStep(batch, 0);
    const before = tf.memory().numTensors;
    model.trainStep(batch, 1);
    expect(tf.memory().numTensors).toBe(before);
    model.evaluateLoss(batch);
    expect(tf.memory().numTensors).toBe(before);
    const inputs = Object.fromEntries(Object.entries(batch).filter(([name]) => name !== 'target'));
    model.forward(inputs).dispose();
    expect(tf.memory().numTensors).toBe(before);
    const hdr = await model.predict(bracketOf(syntheticBracketSource(30, 22, 4)));
    expect([hdr.width, hdr.height]).toEqual([30, 22]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    disposeBatch(batch);
  });
});
