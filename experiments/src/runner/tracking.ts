import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { flattenParams, type MetricPoint, type TrackedRun } from '@hdr-lab/core';
import type { ExperimentConfig } from '../experiment/config.js';
import { NOT_LOSS_TERMS, readLosses } from '../train/losses-file.js';
import { namedScores } from './metric-keys.js';
import { trialDir, type TrialRecord } from './state.js';
import type { TrialResult } from './trial-job.js';

/** What every run of an experiment is tagged with, so a score can be traced to what made it. */
export interface RunContext {
  readonly codeVersion: string;
  readonly definitionHash: string;
  readonly dataIdentity: string;
  readonly backend: string;
}

export const TAG = {
  kind: 'hdr-lab.kind',
  trial: 'hdr-lab.trial',
  trainIdentity: 'hdr-lab.train_identity',
  evalIdentity: 'hdr-lab.eval_identity',
  codeVersion: 'hdr-lab.code_version',
  definitionHash: 'hdr-lab.config_hash',
  dataManifest: 'hdr-lab.data_manifest',
  backend: 'hdr-lab.backend',
} as const;

export function contextTags(context: RunContext): Record<string, string> {
  return { [TAG.codeVersion]: context.codeVersion, [TAG.definitionHash]: context.definitionHash, [TAG.dataManifest]: context.dataIdentity, [TAG.backend]: context.backend };
}

/** MLflow logs at most 1000 metrics per request; the client splits, this keeps memory flat on long runs. */
const POINTS_PER_CALL = 5000;

/**
 * Logs a finished trial: the losses of steps not yet logged (`loss/<term>` at each step), the final
 * scores named with their signature (a `hdr-lab.signature.<key>` tag each), the model's tags, and the
 * resolved config, the evaluation files and the figure predictions as artifacts. Returns the last step logged.
 */
export async function trackTrial(run: TrackedRun, out: string, record: TrialRecord, result: TrialResult, config: ExperimentConfig): Promise<number> {
  const dir = trialDir(out, record.name);
  const losses = (await readLosses(join(dir, 'train', 'losses.jsonl'))).filter((line) => line.step > (record.trackedStep ?? 0));
  const now = Date.now();
  let points: MetricPoint[] = [];
  for (const line of losses) {
    for (const [term, value] of Object.entries(line)) {
      if (!NOT_LOSS_TERMS.has(term) && Number.isFinite(value)) points.push({ key: `loss/${term}`, value, step: line.step, timestamp: now });
    }
    if (points.length >= POINTS_PER_CALL) {
      await run.logMetrics(points);
      points = [];
    }
  }
  const scores = namedScores(result.summary);
  points.push(...scores.filter((score) => Number.isFinite(score.mean)).map((score) => ({ key: `eval/${score.key}`, value: score.mean, step: result.steps, timestamp: now })));
  points.push({ key: 'time/train_seconds', value: result.trainSeconds, step: result.steps, timestamp: now }, { key: 'time/eval_seconds', value: result.evalSeconds, step: result.steps, timestamp: now });
  await run.logMetrics(points);
  await run.setTags({
    ...Object.fromEntries(scores.map((score) => [`hdr-lab.signature.${score.key}`, score.signature])),
    ...Object.fromEntries(Object.entries(result.tags).map(([key, value]) => [`hdr-lab.model.${key}`, value])),
    'hdr-lab.engine': result.engine,
  });
  await run.logArtifact(join(dir, 'config.json'), 'config');
  await run.logArtifact(join(dir, 'eval'), 'eval');
  const predictions = await readdir(join(dir, 'predictions')).catch(() => [] as string[]);
  for (const file of predictions.sort().slice(0, config.eval.figures)) await run.logArtifact(join(dir, 'predictions', file), 'predictions');
  return losses.at(-1)?.step ?? record.trackedStep ?? 0;
}

/** The params of a trial: its resolved config, flattened (`train.steps`, `model.settings.loss.gan.alpha`, ...). */
export async function logTrialParams(run: TrackedRun, config: ExperimentConfig): Promise<void> {
  const { runner: _runner, tracking: _tracking, out: _out, ...definition } = config;
  await run.logParams(flattenParams(definition));
}

