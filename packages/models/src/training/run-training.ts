import * as tf from '@tensorflow/tfjs';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint/checkpoint.js';
import type { LossTerms, Model, TrainingBatch } from '../registry/model.js';
import { LearningRateController, type LearningRateSchedule } from './lr-schedule.js';

export interface StepReport {
  /** 1-based: the number of updates done so far. */
  readonly step: number;
  readonly steps: number;
  readonly terms: LossTerms;
  readonly learningRateFactor: number;
  readonly seconds: number;
}

export interface TrainingRun {
  readonly model: Model;
  /** Batches from the position of `startStep` on (the caller disposes nothing: each batch is freed after its step). */
  readonly batches: AsyncIterable<TrainingBatch>;
  /** Total number of steps of the run, including those done before a resume. */
  readonly steps: number;
  /** Steps already done (a resumed run's checkpoint step). */
  readonly startStep?: number;
  readonly schedule?: LearningRateSchedule;
  /** Write a checkpoint here every `every` steps and at the end (and when stopped). */
  readonly checkpoint?: { readonly dir: string; readonly every: number; readonly extra?: Readonly<Record<string, unknown>>; readonly random?: unknown };
  readonly onStep?: (report: StepReport) => void | Promise<void>;
  /** Stop after the current step, writing a checkpoint first (SIGINT in the command line). */
  readonly signal?: AbortSignal;
}

export interface TrainingOutcome {
  readonly step: number;
  readonly stopped: boolean;
  readonly lastTerms?: LossTerms;
}

/**
 * Drives a model's train step over a batch stream: schedule, checkpoints every N steps, at the end and on
 * a stop request. A diverged step throws before touching the weights, so the last checkpoint is a good
 * place to resume from.
 */
export async function runTraining(run: TrainingRun): Promise<TrainingOutcome> {
  const controller = new LearningRateController(Object.values(run.model.optimizers), run.schedule ?? { kind: 'constant' });
  let step = run.startStep ?? 0;
  let lastTerms: LossTerms | undefined;
  let lastSaved = step;
  const save = async () => {
    if (!run.checkpoint || lastSaved === step) return;
    await saveCheckpoint(run.checkpoint.dir, {
      step,
      variables: run.model.variables(),
      optimizers: run.model.optimizers,
      ...(run.checkpoint.random === undefined ? {} : { random: run.checkpoint.random }),
      extra: { ...run.checkpoint.extra, modelId: run.model.id, lastTerms },
    });
    lastSaved = step;
  };
  if (step >= run.steps) return { step, stopped: false };
  for await (const batch of run.batches) {
    const started = performance.now();
    const factor = controller.apply(step);
    try {
      lastTerms = run.model.trainStep(batch, step);
    } finally {
      tf.dispose(Object.values(batch));
    }
    step++;
    await run.onStep?.({ step, steps: run.steps, terms: lastTerms, learningRateFactor: factor, seconds: (performance.now() - started) / 1000 });
    if (run.checkpoint && step % run.checkpoint.every === 0) await save();
    if (step >= run.steps) break;
    if (run.signal?.aborted) {
      await save();
      return { step, stopped: true, lastTerms };
    }
  }
  await save();
  return { step, stopped: false, ...(lastTerms ? { lastTerms } : {}) };
}

/** Restores a model (built from the same config) and its optimisers from a checkpoint; returns its step. */
export async function resumeModel(model: Model, dir: string): Promise<{ step: number; random?: unknown; extra?: Record<string, unknown> }> {
  return loadCheckpoint(dir, { variables: model.variables(), optimizers: model.optimizers });
}
