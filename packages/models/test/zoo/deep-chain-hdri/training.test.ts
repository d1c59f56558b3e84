import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createHdrImage, initEngine } from '@hdr-lab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from '../../../src/checkpoint/checkpoint.js';
import { resolveModelConfig, type ModelConfigRequest } from '../../../src/registry/resolve-config.js';
import type { SingleImageModel, TrainingBatch } from '../../../src/registry/model.js';
import { deepChainHdri } from '../../../src/zoo/deep-chain-hdri/definition.js';
import { sceneBatch } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-deep-chain-'));
let batch: TrainingBatch;
beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
  batch = sceneBatch(24, [3]);
});
afterAll(() => {
  tf.dispose(Object.values(batch));
  rmSync(work, { recursive: true, force: true });
});

const build = (overrides: ModelConfigRequest['overrides'] = {}, seed = 1) =>
  deepChainHdri.create(resolveModelConfig(deepChainHdri, { tiny: true, ...(overrides ? { overrides } : {}) }), { seed });

/** Each network's weights as one flat list of numbers. */
const snapshot = (model: SingleImageModel) =>
  Object.fromEntries(Object.keys(model.networks).map((network) => [network, [...model.variables()].filter(([name]) => name.startsWith(`${network}/`)).flatMap(([, v]) => Array.from(v.dataSync()))]));
const changed = (before: Record<string, number[]>, after: Record<string, number[]>) => Object.keys(before).filter((network) => before[network]!.some((value, i) => value !== after[network]![i]));
const rampImage = () => createHdrImage(20, 12, 3, Float32Array.from({ length: 20 * 12 * 3 }, (_, i) => 0.1 + 0.8 * ((Math.floor(i / 3) % 20) / 19)));

describe('deep-chain-hdri training', () => {
  it('leaks no tensors across trainStep, evaluateLoss, forward and predict', async () => {
    const model = await build();
    // The first step creates Adam's moment variables, which live as long as the optimiser.
    model.trainStep(batch, 0);
    const before = tf.memory().numTensors;
    model.trainStep(batch, 1);
    expect(tf.memory().numTensors).toBe(before);
    model.evaluateLoss(batch);
    expect(tf.memory().numTensors).toBe(before);
    const x = tf.randomUniform([1, 19, 23, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    model.forward(x).dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const hdr = await model.predict(rampImage(), { tile: 8 });
    expect(hdr.width).toBe(20);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('joint: one optimiser moves all six subnets, and supervises EV +-1, +-2, +-3 (only +-3 without intermediate loss)', async () => {
    const model = await build();
    expect(Object.keys(model.optimizers)).toEqual(['model']);
    const before = snapshot(model);
    const terms = model.trainStep(batch, 0);
    expect(changed(before, snapshot(model))).toEqual(['up1', 'up2', 'up3', 'down1', 'down2', 'down3']);
    expect(Object.keys(terms).filter((name) => name.endsWith('/pixel'))).toEqual(['ev-3/pixel', 'ev-2/pixel', 'ev-1/pixel', 'ev+1/pixel', 'ev+2/pixel', 'ev+3/pixel']);
    const pixelAndTv = Object.entries(terms).filter(([name]) => name.startsWith('ev'));
    const expected = pixelAndTv.reduce((sum, [name, value]) => sum + (name.endsWith('/tv') ? 0.001 * value : value), 0);
    expect(terms['total']).toBeCloseTo(expected, 4);
    model.dispose();
    const last = await build({ 'chain.intermediateLoss': false });
    const lastBefore = snapshot(last);
    expect(Object.keys(last.trainStep(batch, 0)).filter((name) => name.endsWith('/pixel'))).toEqual(['ev-3/pixel', 'ev+3/pixel']);
    // EV +-3's gradient still reaches the first subnets through the chain.
    expect(changed(lastBefore, snapshot(last))).toEqual(['up1', 'up2', 'up3', 'down1', 'down2', 'down3']);
    last.dispose();
  });

  it('stagewise-gt: each subnet learns from ground-truth input, so earlier subnets do not affect its loss', async () => {
    const lossOfUp2 = async (training: string, perturb: boolean) => {
      const model = await build({ 'chain.training': training });
      if (perturb) for (const [name, variable] of model.variables()) if (name.startsWith('up1/up1_r4_conv/bias')) variable.assign(tf.fill(variable.shape, 0.5));
      const terms = model.trainStep(batch, 0);
      model.dispose();
      return terms['ev+2/pixel']!;
    };
    expect(await lossOfUp2('stagewise-gt', true)).toBe(await lossOfUp2('stagewise-gt', false));
    expect(await lossOfUp2('joint', true)).not.toBe(await lossOfUp2('joint', false));
  });

  it('stagewise-inferred: trains up_k and down_k alone for stageSteps steps each, with an optimiser per stage', async () => {
    const model = await build({ 'chain.training': 'stagewise-inferred', 'train.stageSteps': 2 });
    expect(Object.keys(model.optimizers)).toEqual(['stage1', 'stage2', 'stage3']);
    const expectations: [number, string[], string[]][] = [
      [0, ['up1', 'down1'], ['ev+1/pixel', 'ev-1/pixel']],
      [1, ['up1', 'down1'], ['ev+1/pixel', 'ev-1/pixel']],
      [2, ['up2', 'down2'], ['ev+2/pixel', 'ev-2/pixel']],
      [5, ['up3', 'down3'], ['ev+3/pixel', 'ev-3/pixel']],
      [9, ['up3', 'down3'], ['ev+3/pixel', 'ev-3/pixel']],
    ];
    for (const [step, networks, pixelTerms] of expectations) {
      const before = snapshot(model);
      const terms = model.trainStep(batch, step);
      expect(changed(before, snapshot(model))).toEqual(networks);
      expect(Object.keys(terms).filter((name) => name.endsWith('/pixel'))).toEqual(pixelTerms);
    }
    // Within a stage nothing is left behind.
    const count = tf.memory().numTensors;
    model.trainStep(batch, 10);
    expect(tf.memory().numTensors).toBe(count);
    model.dispose();
  });

  it('save -> load into a model of another seed -> identical forward and predict', async () => {
    const trained = await build({}, 1);
    for (let step = 0; step < 3; step++) trained.trainStep(batch, step);
    const dir = join(work, 'saved');
    await saveCheckpoint(dir, { step: 3, variables: trained.variables(), optimizers: trained.optimizers });
    const fresh = await build({}, 2);
    const input = tf.randomUniform([1, 17, 21, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const outputOf = (model: SingleImageModel) => tf.tidy(() => Array.from(model.forward(input).dataSync()));
    expect(outputOf(fresh)).not.toEqual(outputOf(trained));
    expect((await loadCheckpoint(dir, { variables: fresh.variables(), optimizers: fresh.optimizers })).step).toBe(3);
    expect(outputOf(fresh)).toEqual(outputOf(trained));
    const image = rampImage();
    expect(Array.from((await fresh.predict(image)).data)).toEqual(Array.from((await trained.predict(image)).data));
    input.dispose();
    trained.dispose();
    fresh.dispose();
  });

  it('resumes exactly: N steps + save + load into a fresh model + N steps gives the 2N uninterrupted losses', async () => {
    const steps = 3;
    const straight = await build({}, 7);
    const uninterrupted = Array.from({ length: 2 * steps }, (_, step) => straight.trainStep(batch, step)['total']!);
    straight.dispose();
    const first = await build({}, 7);
    const resumed = Array.from({ length: steps }, (_, step) => first.trainStep(batch, step)['total']!);
    const dir = join(work, 'resume');
    await saveCheckpoint(dir, { step: steps, variables: first.variables(), optimizers: first.optimizers });
    first.dispose();
    const second = await build({}, 99);
    await loadCheckpoint(dir, { variables: second.variables(), optimizers: second.optimizers });
    for (let step = steps; step < 2 * steps; step++) resumed.push(second.trainStep(batch, step)['total']!);
    expect(resumed).toEqual(uninterrupted);
    second.dispose();
  });
});
