import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { loadCheckpoint, saveCheckpoint } from '../../../src/checkpoint/checkpoint.js';
import type { LossTerms, Model } from '../../../src/registry/model.js';
import { hybridLossGan } from '../../../src/zoo/hybrid-loss-gan/definition.js';
import { disposeBatch, sceneBatch, syntheticScene, tinyConfig } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-hybrid-checkpoint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

const config = tinyConfig('full');

function train(model: Model, from: number, steps: number, batches: ReturnType<typeof sceneBatch>[]): LossTerms[] {
  return Array.from({ length: steps }, (_, i) => model.trainStep(batches[(from + i) % batches.length]!, from + i));
}

describe('hybrid-loss GAN checkpoints', () => {
  it('checkpoint variables are the generator and discriminator weights and BN statistics, not VGG19', async () => {
    const model = await hybridLossGan.create(config, { seed: 1 });
    const names = [...model.variables().keys()];
    expect(names).toContain('generator/g_block1_conv1/kernel');
    expect(names).toContain('generator/g_h6_bn/moving_variance');
    expect(names).toContain('discriminator/d_bn8/moving_mean');
    expect(names.some((name) => name.includes('vgg19'))).toBe(false);
    expect(names).toHaveLength(model.networks['generator']!.weights.length + model.networks['discriminator']!.weights.length);
    model.dispose();
  });

  it('save -> load into a model built with another seed -> predict gives identical HDR', async () => {
    const batches = [sceneBatch(config, 2, 32, 1)];
    const trained = await hybridLossGan.create(config, { seed: 1 });
    train(trained, 0, 3, batches);
    const dir = join(work, 'predict');
    await saveCheckpoint(dir, { step: 3, variables: trained.variables(), optimizers: trained.optimizers });
    const image = trained.inputFromHdr(syntheticScene(48, 40, 9));
    const expected = await trained.predict(image);

    const other = await hybridLossGan.create(config, { seed: 2 });
    expect((await other.predict(image)).data).not.toEqual(expected.data);
    expect((await loadCheckpoint(dir, { variables: other.variables(), optimizers: other.optimizers })).step).toBe(3);
    expect((await other.predict(image)).data).toEqual(expected.data);
    for (const model of [trained, other]) model.dispose();
    batches.forEach(disposeBatch);
  });

  it('resume is exact: 3 steps + save + load into a fresh model + 3 steps give the losses of 6 uninterrupted steps', async () => {
    const batches = [sceneBatch(config, 2, 32, 1), sceneBatch(config, 2, 32, 5)];
    const straight = await hybridLossGan.create(config, { seed: 4 });
    const uninterrupted = train(straight, 0, 6, batches);

    const first = await hybridLossGan.create(config, { seed: 4 });
    train(first, 0, 3, batches);
    const dir = join(work, 'resume');
    await saveCheckpoint(dir, { step: 3, variables: first.variables(), optimizers: first.optimizers });
    const resumed = await hybridLossGan.create(config, { seed: 8 });
    await loadCheckpoint(dir, { variables: resumed.variables(), optimizers: resumed.optimizers });
    expect(train(resumed, 3, 3, batches)).toEqual(uninterrupted.slice(3));
    for (const model of [straight, first, resumed]) model.dispose();
    batches.forEach(disposeBatch);
  });
});
