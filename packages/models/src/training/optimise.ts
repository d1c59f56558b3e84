import * as tf from '@tensorflow/tfjs';
import type { LossTerms } from '../registry/model.js';

/** A loss as the step computes it: the scalar to minimise and its named terms (logged separately). */
export interface LossParts {
  readonly total: tf.Scalar;
  readonly terms: Readonly<Record<string, tf.Scalar>>;
}

/** A step whose loss or gradients are not finite: the run stops before the weights are touched. */
export class TrainingDivergedError extends Error {
  override readonly name = 'TrainingDivergedError';
}

export interface OptimiseOptions {
  /** Which network's update this is, for messages and term names. */
  readonly network: string;
  readonly step: number;
  /** Rescale gradients whose global L2 norm exceeds this. */
  readonly clipNorm?: number;
  /** Clip every gradient element to [-clipValue, clipValue] (HDR-GAN clips at 1), after any clipNorm rescaling. */
  readonly clipValue?: number;
}

function describeTerms(terms: LossTerms): string {
  return Object.entries(terms)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
}

/**
 * One update of `variables` only (the other networks' weights are constants here, which is what keeps a
 * GAN's generator step from moving the discriminator and the reverse). Returns the loss terms, `total`
 * included, and `gradNorm` (before any clipping). A non-finite loss or gradient throws TrainingDivergedError
 * naming the network, the step and the terms, and nothing is applied, so the last checkpoint and the weights
 * stay usable.
 */
export function optimiseStep(optimizer: tf.Optimizer, variables: readonly tf.Variable[], loss: () => LossParts, options: OptimiseOptions): LossTerms {
  // The verdict leaves the tidy scope as numbers and the error is thrown outside it, so a diverged step frees everything.
  const outcome = tf.tidy(() => {
    let terms: Record<string, number> = {};
    const { value, grads } = tf.variableGrads(() => {
      const parts = loss();
      terms = Object.fromEntries(Object.entries(parts.terms).map(([name, term]) => [name, term.dataSync()[0]!]));
      return parts.total;
    }, [...variables]);
    const total = value.dataSync()[0]!;
    const gradients = Object.values(grads);
    const gradNorm = gradients.length === 0 ? 0 : Math.sqrt(tf.addN(gradients.map((g) => tf.sum(tf.square(g)))).dataSync()[0]!);
    const logged = { ...terms, total, gradNorm };
    const finite = Number.isFinite(total) && Number.isFinite(gradNorm);
    if (finite) {
      let applied = grads;
      if (options.clipNorm !== undefined && gradNorm > options.clipNorm) {
        const scale = options.clipNorm / gradNorm;
        applied = Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.mul(g, scale)]));
      }
      const { clipValue } = options;
      if (clipValue !== undefined) {
        applied = Object.fromEntries(Object.entries(applied).map(([name, g]) => [name, tf.clipByValue(g, -clipValue, clipValue)]));
      }
      optimizer.applyGradients(applied);
    }
    return { logged, finite, lossFinite: Number.isFinite(total) };
  });
  if (!outcome.finite) {
    throw new TrainingDivergedError(
      `${options.network}: step ${options.step} gave a non-finite ${outcome.lossFinite ? 'gradient' : 'loss'} (${describeTerms(outcome.logged)}); ` +
        `nothing was applied. Lower the learning rate, check the data for NaN/Inf, or resume from the last checkpoint.`,
    );
  }
  return outcome.logged;
}

/** Prefixes loss terms with their network (`discriminator/total`), for GAN steps that log both updates. */
export function prefixTerms(prefix: string, terms: LossTerms): LossTerms {
  return Object.fromEntries(Object.entries(terms).map(([name, value]) => [`${prefix}/${name}`, value]));
}
