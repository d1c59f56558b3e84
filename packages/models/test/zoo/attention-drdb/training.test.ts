import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initEngine } from '@hdr-lab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from '../../../src/checkpoint/checkpoint.js';
import type { Model, TrainingBatch } from '../../../src/registry/model.js';
import { attentionDrdb } from '../../../src/zoo/attention-drdb/definition.js';
import { bracketOf } from '../../support/bracket.js';
import { bracketBatch, bracketSource, disposeBatch, tinyConfig } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-attention-drdb-'));
const config = tinyConfig();
let batch: TrainingBatch;
beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
  // Two brackets at 32x32 whose square moves 2 px against the reference, fixed for every step.
  batch = bracketBatch(config, 32, [1, 2]);
});
afterAll(() => {
  disposeBatch(batch);
  rmSync(work, { recursive: true, force: true });
});

const train = (model: Model, from: number, steps: number) => Array.from({ length: steps }, (_, i) => model.trainStep(batch, from + i)['total']!);

describe('attention-drdb training', () => {
  it('the tiny config learns a fixed batch: the encoded-domain MAE falls to under half in 60 steps', async () => {
    const model = await attentionDrdb.create(config, { seed: 1 });
    const started = performance.now();
    const losses = train(model, 0, 60);
    const lastTen = losses.slice(-10).reduce((sum, value) => sum + value, 0) / 10;
    const ratio = lastTen / losses[0]!;
    console.log(`attention-drdb tiny, 60 steps at 32x32 batch 2: loss ${losses[0]!.toFixed(5)} -> ${lastTen.toFixed(5)} (last-10 mean), ratio ${ratio.toFixed(3)}, ${((performance.now() - started) / 60).toFixed(0)} ms/step`);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(ratio).toBeLessThan(0.5);
    model.dispose();
  });

  it('muLaw loss domain trains too: the L1 of mu-law tone-mapped linear HDR falls', async () => {
    const model = await attentionDrdb.create(tinyConfig({ 'loss.domain': 'muLaw' }), { seed: 1 });
    const losses = model.trainStep(batch, 0);
    expect(Object.keys(losses)).toEqual(['muLawL1', 'total', 'gradNorm']);
    const later = train(model, 1, 14);
    expect(later.slice(-3).reduce((a, b) => a + b) / 3).toBeLessThan(0.9 * losses['total']!);
    model.dispose();
  });

  it('one optimiser moves every weight; a training step updates the batch-norm statistics, evaluateLoss does not', async () => {
    const model = await attentionDrdb.create(config, { seed: 2 });
    expect(Object.keys(model.optimizers)).toEqual(['model']);
    const snapshot = () => new Map([...model.variables()].map(([name, variable]) => [name, Array.from(variable.dataSync())]));
    const before = snapshot();
    model.evaluateLoss(batch);
    expect(snapshot()).toEqual(before);
    model.trainStep(batch, 0);
    const after = snapshot();
    const unchanged = [...before].filter(([name, values]) => values.every((value, i) => value === after.get(name)![i])).map(([name]) => name);
    expect(unchanged).toEqual([]);
    expect([...before.keys()]).toContain('model/rec_e1_bn/moving_mean');
    model.dispose();
  });

  it('leaks no tensors across trainStep, evaluateLoss, forward and predict', async () => {
    const model = await attentionDrdb.create(config, { seed: 3 });
    // The first step creates Adam's moment variables, which live as long as the optimiser.
    model.trainStep(batch, 0);
    const before = tf.memory().numTensors;
    model.trainStep(batch, 1);
    expect(tf.memory().numTensors).toBe(before);
    model.evaluateLoss(batch);
    expect(tf.memory().numTensors).toBe(before);
    const inputs = Object.fromEntries(Object.entries(batch).map(([name, tensor]) => [name, tf.slice(tensor, [0, 0, 0, 0], [1, 21, 27, -1]) as tf.Tensor4D]));
    model.forward(inputs).dispose();
    tf.dispose(Object.values(inputs));
    expect(tf.memory().numTensors).toBe(before);
    await model.predict(bracketOf(bracketSource(24, 4, 2, 20)), { tile: 16 });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('save -> load into a model built with another seed -> identical prediction', async () => {
    const trained = await attentionDrdb.create(config, { seed: 1 });
    train(trained, 0, 3);
    const dir = join(work, 'predict');
    await saveCheckpoint(dir, { step: 3, variables: trained.variables(), optimizers: trained.optimizers });
    const bracket = bracketOf(bracketSource(35, 8, 2, 19));
    const expected = await trained.predict(bracket);
    const other = await attentionDrdb.create(config, { seed: 2 });
    expect((await other.predict(bracket)).data).not.toEqual(expected.data);
    expect((await loadCheckpoint(dir, { variables: other.variables(), optimizers: other.optimizers })).step).toBe(3);
    expect((await other.predict(bracket)).data).toEqual(expected.data);
    trained.dispose();
    other.dispose();
  });

  it('resumes exactly: 3 steps + save + load into a model of another seed + 3 steps give the 6 uninterrupted losses', async () => {
    const straight = await attentionDrdb.create(config, { seed: 7 });
    const uninterrupted = train(straight, 0, 6);
    straight.dispose();
    const first = await attentionDrdb.create(config, { seed: 7 });
    const resumed = train(first, 0, 3);
    const dir = join(work, 'resume');
    await saveCheckpoint(dir, { step: 3, variables: first.variables(), optimizers: first.optimizers });
    first.dispose();
    const second = await attentionDrdb.create(config, { seed: 99 });
    await loadCheckpoint(dir, { variables: second.variables(), optimizers: second.optimizers });
    resumed.push(...train(second, 3, 3));
    expect(resumed).toEqual(uninterrupted);
    second.dispose();
  });
});
