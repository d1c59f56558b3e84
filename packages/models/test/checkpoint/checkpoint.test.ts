import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { CheckpointError, DilatedConv2D, loadCheckpoint, MPReLU, saveCheckpoint } from '../../src/index.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-checkpoint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let inputs: tf.Tensor;
let targets: tf.Tensor;
beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
  inputs = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 11);
  targets = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 12);
});

/** A small dilated network (conv, MPReLU, conv with dilation 2) with seeded weights, named stably. */
function network() {
  const input = tf.input({ shape: [8, 8, 3] });
  let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
  x = new MPReLU().apply(x) as tf.SymbolicTensor;
  x = new DilatedConv2D({ filters: 3, kernelSize: 3, dilation: 2, kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: x });
  const variables = new Map(model.trainableWeights.map((weight, index) => [`w${index}`, weight.read() as tf.Variable]));
  return { model, variables };
}


function train(model: tf.LayersModel, variables: ReadonlyMap<string, tf.Variable>, optimizer: tf.Optimizer, steps: number): number[] {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const loss = optimizer.minimize(() => tf.losses.meanSquaredError(targets, model.apply(inputs) as tf.Tensor) as tf.Scalar, true, [...variables.values()])!;
    losses.push(loss.dataSync()[0]!);
    loss.dispose();
  }
  return losses;
}

describe('checkpoints', () => {
  it('resume exactly: 6 + save + load into a fresh model + 6 steps give the losses of 12 uninterrupted steps', async () => {
    const straight = network();
    const uninterrupted = train(straight.model, straight.variables, tf.train.adam(0.01), 12);
    expect(uninterrupted[11]!).toBeLessThan(uninterrupted[0]!);

    const first = network();
    const firstOptimizer = tf.train.adam(0.01);
    const before = train(first.model, first.variables, firstOptimizer, 6);
    const dir = join(work, 'ckpt');
    await saveCheckpoint(dir, { step: 6, variables: first.variables, optimizers: { generator: firstOptimizer }, random: { stream: 'x', draws: 6 } });

    const second = network();
    const secondOptimizer = tf.train.adam(0.01);
    const restored = await loadCheckpoint(dir, { variables: second.variables, optimizers: { generator: secondOptimizer } });
    expect(restored).toEqual({ step: 6, random: { stream: 'x', draws: 6 } });
    const after = train(second.model, second.variables, secondOptimizer, 6);
    expect([...before, ...after]).toEqual(uninterrupted);
  });

  it('replace the previous checkpoint atomically and name what does not fit', async () => {
    const { variables } = network();
    const optimizer = tf.train.adam(0.01);
    const dir = join(work, 'again');
    await saveCheckpoint(dir, { step: 1, variables, optimizers: { g: optimizer } });
    await saveCheckpoint(dir, { step: 2, variables, optimizers: { g: optimizer } });
    expect(readdirSync(work).filter((name) => name.startsWith('again'))).toEqual(['again']);
    expect(readdirSync(dir).sort()).toEqual(['checkpoint.json', 'tensors.bin']);
    const wrong = new Map([...variables].slice(0, 1).map(([name]) => [name, tf.variable(tf.zeros([2, 2]))]));
    await expect(loadCheckpoint(dir, { variables: wrong, optimizers: {} })).rejects.toThrow(/'w0' is \[3, 3, 3, 4\] in .* but \[2, 2\] in this model/);
    await expect(loadCheckpoint(dir, { variables, optimizers: { g: tf.train.sgd(0.1) } })).rejects.toThrow("optimiser 'g' is SGD here but Adam in");
    await expect(loadCheckpoint(join(work, 'none'), { variables, optimizers: {} })).rejects.toThrow(CheckpointError);
  });

  it('leak no tensors across save and load', async () => {
    const { variables } = network();
    const optimizer = tf.train.adam(0.01);
    const dir = join(work, 'leaks');
    await saveCheckpoint(dir, { step: 0, variables, optimizers: { g: optimizer } });
    const count = tf.memory().numTensors;
    await saveCheckpoint(dir, { step: 0, variables, optimizers: { g: optimizer } });
    await loadCheckpoint(dir, { variables, optimizers: { g: optimizer } });
    expect(tf.memory().numTensors).toBe(count);
  });
});
