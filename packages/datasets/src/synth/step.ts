import type { z } from 'zod';
import type { Random } from '../random/index.js';
import type { Phase, SynthSample } from './sample.js';

export type JsonValue = number | string | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonRecord = { readonly [key: string]: JsonValue };

/** Where a step may stand in a pipeline, checked once when the pipeline is parsed. */
export interface StepPlacement {
  readonly from: readonly Phase[];
  /** Phase it leaves; unchanged when absent. */
  readonly to?: Phase;
  /** Whether it leaves every exposure sample within [0, 1] (true) or possibly outside (false); unchanged when absent. */
  readonly bounded?: boolean;
  /** It needs every exposure sample within [0, 1]. */
  readonly needsBounded?: boolean;
  /** It only derives outputs (companions) and leaves exposures as they are. */
  readonly derivesOnly?: boolean;
}

export interface StepOutcome {
  readonly sample: SynthSample;
  /** What was drawn or chosen while applying (middle exposure, motion, curve parameters), for the signature. */
  readonly draws?: JsonRecord;
}

/**
 * One registered synthesis step. `version` changes whenever the numbers it produces change, so a sample's
 * signature says exactly how its inputs were made.
 */
export interface SynthStep<P> {
  readonly id: string;
  readonly version: string;
  readonly describe: string;
  readonly placement: StepPlacement;
  /** Schema of the step's keys (besides `step`); `baseDir` resolves relative file names. */
  schema(baseDir: string): z.ZodType<P>;
  /** Fills in what depends on the steps after it (e.g. the curve a histogram is judged through). */
  complete?(params: P, later: readonly { readonly id: string; readonly params: unknown }[]): P;
  /** Resolved parameters as JSON for the signature; the parameters themselves when absent. */
  record?(params: P): JsonRecord;
  apply(sample: SynthSample, params: P, random: Random): Promise<StepOutcome>;
}

/** Keeps a step's parameter type while checking it against the interface. */
export function defineSynthStep<P>(step: SynthStep<P>): SynthStep<P> {
  return step;
}
