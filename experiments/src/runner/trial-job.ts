import type { BackendChoice } from '@hdr-lab/core';
import type { ExperimentConfig } from '../experiment/config.js';

/** What a worker process needs to run one trial; the runner writes it to the trial's job.json. */
export interface TrialJob {
  /** The experiment folder. */
  readonly out: string;
  readonly name: string;
  readonly config: ExperimentConfig;
  readonly dataDir: string;
  readonly dataIdentity: string;
  readonly trainIdentity: string;
  readonly evalIdentity: string;
  /** Skip training: evaluate the trial's final checkpoint (its training already finished). */
  readonly evaluateOnly: boolean;
  /** The runner's engine flags, which win over the config's backend. */
  readonly backend?: BackendChoice;
  readonly threads?: number;
}

/** Messages a worker sends its runner. */
export type WorkerMessage =
  | { readonly type: 'log'; readonly line: string }
  | { readonly type: 'step'; readonly step: number; readonly steps: number; readonly secondsPerStep: number; readonly total?: number }
  | { readonly type: 'error'; readonly message: string };

/** What a finished worker leaves in result.json. */
export interface TrialResult {
  readonly evalIdentity: string;
  readonly trainIdentity: string;
  readonly steps: number;
  readonly trainSeconds: number;
  readonly evalSeconds: number;
  readonly engine: string;
  readonly images: number;
  readonly summary: import('@hdr-lab/eval').EvaluationSummary;
  /** Each baseline's scores on the trial's test inputs (absent in results written before baselines existed). */
  readonly baselines?: Readonly<Record<string, import('./baseline-scores.js').BaselineScores>>;
  readonly parameters: readonly { network: string; trainable: number; nonTrainable: number }[];
  readonly tags: Readonly<Record<string, string>>;
}
