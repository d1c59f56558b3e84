import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { loadCheckpoint, saveCheckpoint } from '../../../src/checkpoint/checkpoint.js';
import type { BracketModel, LossTerms, TrainingBatch } from '../../../src/registry/model.js';
import { hdrGan } from '../../../src/zoo/hdr-gan/definition.js';
import { bracketOf, syntheticBracketSource } from '../../support/bracket.js';
import { bracketBatch, disposeBatch, snapshot, tinyConfig } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-hdr-gan-checkpoint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

const config = tinyConfig('ours');

function train(model: BracketModel, from: number, steps: number, batches: readonly TrainingBatch[]): LossTerms[] {
  return Array.from({ length: steps }, (_, i) => model.trainStep(batches[(from + i) % batches.length]!, from + i));
}

describe('HDR-GAN checkpoints', () => {
  it('checkpoint variables are both networks’ weights and their spectral-norm vectors', async () => {
    const model = await hdrGan.create(config, { seed: 1 });
    const names = [...model.variables().keys()];
    expect(names).toContain('generator/g_enc2_s3_res_conv2/kernel');
    expect(names).toContain('generator/g_merge_s2_conv3/u');
    expect(names).toContain('generator/g_out2/u');
    expect(names).toContain('discriminator/d_conv3/u');
    expect(names).not.toContain('generator/g_up0_s3/u');
    expect(names).toHaveLength(model.networks['generator']!.weights.length + model.networks['discriminator']!.weights.length);
    model.dispose();
  });

  it('save -> load into a model built with another seed -> the same u vectors and identical predictions', async () => {
    const batches = [bracketBatch(config, 1, 64, 1)];
    const trained = await hdrGan.create(config, { seed: 1 });
    train(trained, 0, 2, batches);
    const dir = join(work, 'predict');
    await saveCheckpoint(dir, { step: 2, variables: trained.variables(), optimizers: trained.optimizers });
    const bracket = bracketOf(syntheticBracketSource(36, 28, 9));
    const expected = await trained.predict(bracket);

    const other = await hdrGan.create(config, { seed: 2 });
    expect((await other.predict(bracket)).data).not.toEqual(expected.data);
    expect((await loadCheckpoint(dir, { variables: other.variables(), optimizers: other.optimizers })).step).toBe(2);
    const us = (model: BracketModel) => new Map([...snapshot(model.variables())].filter(([name]) => name.endsWith('/u')));
    expect(us(other)).toEqual(us(trained));
    expect((await other.predict(bracket)).data).toEqual(expected.data);
    for (const model of [trained, other]) model.dispose();
    batches.forEach(disposeBatch);
  });

  it('resume is exact: 2 steps + save + load into a fresh model + 2 steps give the losses of 4 uninterrupted steps', async () => {
    const batches = [bracketBatch(config, 1, 64, 1), bracketBatch(config, 1, 64, 5)];
    const straight = await hdrGan.create(config, { seed: 4 });
    const uninterrupted = train(straight, 0, 4, batches);

    const first = await hdrGan.create(config, { seed: 4 });
    train(first, 0, 2, batches);
    const dir = join(work, 'resume');
    await saveCheckpoint(dir, { step: 2, variables: first.variables(), optimizers: first.optimizers });
    const resumed = await hdrGan.create(config, { seed: 8 });
    await loadCheckpoint(dir, { variables: resumed.variables(), optimizers: resumed.optimizers });
    expect(train(resumed, 2, 2, batches)).toEqual(uninterrupted.slice(2));
    for (const model of [straight, first, resumed]) model.dispose();
    batches.forEach(disposeBatch);
  });
});
