import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

/**
 * Learning-rate schedules as factors of each optimiser's base rate (the model's config sets the base, e.g.
 * 2e-5 for the hybrid-loss GAN), so one schedule serves models with several optimisers.
 */
export const learningRateScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }).strict(),
  /** Factor `factors[i]` from step `boundaries[i]` on (HDR-GAN: x0.1 at 114 300, x0.01 at 706 400). */
  z
    .object({ kind: z.literal('piecewise'), boundaries: z.array(z.number().int().positive()).min(1), factors: z.array(z.number().positive()).min(1) })
    .strict()
    .refine((value) => value.boundaries.length === value.factors.length, { message: 'boundaries and factors must have the same length', path: ['factors'] })
    .refine((value) => value.boundaries.every((b, i) => i === 0 || b > value.boundaries[i - 1]!), { message: 'boundaries must increase', path: ['boundaries'] }),
  /** factor = rate^(step / every). */
  z.object({ kind: z.literal('exponential'), rate: z.number().positive().max(1), every: z.number().int().positive() }).strict(),
  /** Linear warm-up, then a half cosine from 1 down to `floor` at `steps`. */
  z
    .object({ kind: z.literal('cosine'), steps: z.number().int().positive(), warmup: z.number().int().nonnegative().default(0), floor: z.number().min(0).max(1).default(0) })
    .strict(),
]);

export type LearningRateSchedule = z.infer<typeof learningRateScheduleSchema>;

export function learningRateFactor(schedule: LearningRateSchedule, step: number): number {
  switch (schedule.kind) {
    case 'constant':
      return 1;
    case 'piecewise': {
      let factor = 1;
      schedule.boundaries.forEach((boundary, i) => {
        if (step >= boundary) factor = schedule.factors[i]!;
      });
      return factor;
    }
    case 'exponential':
      return schedule.rate ** (step / schedule.every);
    case 'cosine': {
      if (step < schedule.warmup) return (step + 1) / schedule.warmup;
      const progress = Math.min(1, (step - schedule.warmup) / Math.max(1, schedule.steps - schedule.warmup));
      return schedule.floor + ((1 - schedule.floor) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  }
}

/** tfjs optimisers read their `learningRate` field at every update; it is public on the built-in classes. */
interface WithLearningRate {
  learningRate: number;
}

function hasLearningRate(optimizer: tf.Optimizer): optimizer is tf.Optimizer & WithLearningRate {
  return typeof (optimizer as unknown as Partial<WithLearningRate>).learningRate === 'number';
}

/** Remembers each optimiser's base rate and sets base x factor(step) before every step. */
export class LearningRateController {
  private readonly base: Map<tf.Optimizer, number>;

  constructor(
    private readonly optimizers: readonly tf.Optimizer[],
    private readonly schedule: LearningRateSchedule,
  ) {
    this.base = new Map(
      optimizers.map((optimizer) => {
        if (!hasLearningRate(optimizer)) throw new Error(`optimizer ${optimizer.getClassName()} has no learningRate field to schedule`);
        return [optimizer, optimizer.learningRate];
      }),
    );
  }

  /** Sets the rates for `step` and returns the factor applied. */
  apply(step: number): number {
    const factor = learningRateFactor(this.schedule, step);
    for (const optimizer of this.optimizers) (optimizer as unknown as WithLearningRate).learningRate = this.base.get(optimizer)! * factor;
    return factor;
  }
}
