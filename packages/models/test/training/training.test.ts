import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initEngine } from '@hdr-lab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learningRateFactor, learningRateScheduleSchema, LearningRateController } from '../../src/training/lr-schedule.js';
import { optimiseStep, TrainingDivergedError } from '../../src/training/optimise.js';
import { resumeModel, runTraining, type StepReport } from '../../src/training/run-training.js';
import { trainableVariables } from '../../src/registry/variables.js';
import type { TrainingBatch } from '../../src/registry/model.js';
import { createToyModel, toyBatch, toySchema } from '../support/toy-model.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-training-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

/** The same batch every step, as fresh tensors (runTraining frees each batch after its step). */
async function* repeat(seed: number, count: number): AsyncGenerator<TrainingBatch> {
  for (let i = 0; i < count; i++) yield toyBatch(seed);
}

const values = (variables: readonly tf.Variable[]) => variables.map((v) => Array.from(v.dataSync()));

describe('learning-rate schedules', () => {
  it('give the factors they describe', () => {
    expect(learningRateFactor({ kind: 'constant' }, 1e6)).toBe(1);
    const piecewise = learningRateScheduleSchema.parse({ kind: 'piecewise', boundaries: [114300, 706400], factors: [0.1, 0.01] });
    expect([0, 114299, 114300, 706399, 706400, 1215000].map((s) => learningRateFactor(piecewise, s))).toEqual([1, 1, 0.1, 0.1, 0.01, 0.01]);
    expect(learningRateFactor({ kind: 'exponential', rate: 0.5, every: 10 }, 20)).toBeCloseTo(0.25, 12);
    const cosine = learningRateScheduleSchema.parse({ kind: 'cosine', steps: 110, warmup: 10 });
    expect(learningRateFactor(cosine, 4)).toBeCloseTo(0.5, 12);
    expect(learningRateFactor(cosine, 60)).toBeCloseTo(0.5, 12);
    expect(learningRateFactor(cosine, 110)).toBeCloseTo(0, 12);
  });

  it('refuse malformed settings with the path of the problem', () => {
    const issue = (value: unknown) => {
      const result = learningRateScheduleSchema.safeParse(value);
      return result.success ? 'ok' : `${result.error.issues[0]!.path.join('.')}: ${result.error.issues[0]!.message}`;
    };
    expect(issue({ kind: 'piecewise', boundaries: [10, 20], factors: [0.1] })).toMatch(/^factors: .*same length/);
    expect(issue({ kind: 'piecewise', boundaries: [20, 10], factors: [0.1, 0.01] })).toMatch(/^boundaries: boundaries must increase/);
    expect(issue({ kind: 'linear' })).toMatch(/^kind/);
    expect(issue({ kind: 'constant', lr: 1 })).toMatch(/lr/);
  });

  it('scale every optimiser from its own base rate', () => {
    const a = tf.train.adam(1e-3);
    const b = tf.train.adam(2e-5);
    const controller = new LearningRateController([a, b], { kind: 'piecewise', boundaries: [5], factors: [0.1] });
    controller.apply(7);
    expect((a as unknown as { learningRate: number }).learningRate).toBeCloseTo(1e-4, 15);
    expect((b as unknown as { learningRate: number }).learningRate).toBeCloseTo(2e-6, 18);
    controller.apply(0);
    expect((b as unknown as { learningRate: number }).learningRate).toBe(2e-5);
  });
});

describe('optimiseStep', () => {
  it('updates only the variables it is given, and logs terms, total and gradient norm', () => {
    const model = createToyModel(toySchema.parse({}), 1);
    const [kernel1, bias1, kernel2, bias2] = trainableVariables(model.networks['net']!);
    const frozen = values([kernel2!, bias2!]);
    const moving = values([kernel1!, bias1!]);
    const batch = toyBatch(3);
    const optimizer = tf.train.adam(0.01);
    const terms = optimiseStep(optimizer, [kernel1!, bias1!], () => {
      const value = tf.mean(tf.square(tf.sub(model.networks['net']!.apply(batch['input']!) as tf.Tensor, batch['target']!))) as tf.Scalar;
      return { total: value, terms: { mse: value } };
    }, { network: 'net', step: 0 });
    expect(Object.keys(terms).sort()).toEqual(['gradNorm', 'mse', 'total']);
    expect(terms['total']).toBe(terms['mse']);
    expect(terms['gradNorm']!).toBeGreaterThan(0);
    expect(values([kernel2!, bias2!])).toEqual(frozen);
    expect(values([kernel1!, bias1!])).not.toEqual(moving);
    tf.dispose(Object.values(batch));
    model.dispose();
  });

  it('stops a diverged step before it touches the weights, naming the network, the step and the terms', () => {
    const model = createToyModel(toySchema.parse({}), 1);
    const variables = trainableVariables(model.networks['net']!);
    const before = values(variables);
    const optimizer = tf.train.adam(0.01);
    const tensors = tf.memory().numTensors;
    const diverge = () =>
      optimiseStep(optimizer, variables, () => {
        const value = tf.mul(tf.sum(variables[0]!), Number.NaN) as tf.Scalar;
        return { total: value, terms: { rec: value } };
      }, { network: 'generator', step: 41 });
    expect(diverge).toThrow(TrainingDivergedError);
    expect(diverge).toThrow(/generator: step 41 gave a non-finite loss \(rec NaN.*nothing was applied/);
    expect(values(variables)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('clips the global gradient norm when asked', () => {
    const v = tf.variable(tf.tensor1d([3, 4]));
    const optimizer = tf.train.sgd(1);
    const terms = optimiseStep(optimizer, [v], () => {
      const value = tf.sum(tf.mul(v, tf.tensor1d([3, 4]))) as tf.Scalar;
      return { total: value, terms: {} };
    }, { network: 'n', step: 0, clipNorm: 1 });
    expect(terms['gradNorm']).toBeCloseTo(5, 6);
    expect(Array.from(v.dataSync())).toEqual([expect.closeTo(3 - 0.6, 6), expect.closeTo(4 - 0.8, 6)]);
    v.dispose();
  });
});

describe('runTraining', () => {
  it('cuts the loss, checkpoints every N steps, and a resumed run continues exactly', async () => {
    const config = toySchema.parse({});
    const reports: StepReport[] = [];
    const straight = createToyModel(config, 5);
    const tensors = tf.memory().numTensors;
    await runTraining({ model: straight, batches: repeat(9, 40), steps: 40, onStep: (report) => void reports.push(report) });
    expect(tf.memory().numTensors).toBe(tensors + 8);
    const losses = reports.map((r) => r.terms['total']!);
    expect(losses[39]!).toBeLessThan(0.5 * losses[0]!);
    expect(reports.map((r) => r.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));

    const dir = join(work, 'ckpt');
    const first = createToyModel(config, 5);
    const controller = new AbortController();
    const firstLosses: number[] = [];
    const outcome = await runTraining({
      model: first,
      batches: repeat(9, 40),
      steps: 40,
      checkpoint: { dir, every: 10 },
      signal: controller.signal,
      onStep: ({ step, terms }) => {
        firstLosses.push(terms['total']!);
        if (step === 23) controller.abort();
      },
    });
    expect(outcome).toMatchObject({ step: 23, stopped: true });

    const second = createToyModel(config, 77);
    const { step } = await resumeModel(second, dir);
    expect(step).toBe(23);
    const secondLosses: number[] = [];
    await runTraining({ model: second, batches: repeat(9, 40), steps: 40, startStep: step, onStep: ({ terms }) => void secondLosses.push(terms['total']!) });
    expect([...firstLosses, ...secondLosses]).toEqual(losses);
    for (const model of [straight, first, second]) model.dispose();
  });
});
