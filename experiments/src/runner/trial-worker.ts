/**
 * One trial in a process of its own (so a crash, a leak or a kill takes one trial down, not the runner):
 * train from the trial's checkpoint if any, evaluate, write result.json. Usage: trial-worker JOB.json
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeEngine, initEngine } from '@hdr-lab/core';
import type { StepReport } from '@hdr-lab/models';
import { trainFromConfig } from '../train/run-train.js';
import { loadTrainedModel } from '../train/run-predict.js';
import type { LoadedTrainConfig } from '../train/train-config.js';
import { evaluateTrial } from './evaluate-trial.js';
import { trialDir, updateTrial, writeJson } from './state.js';
import type { TrialJob, TrialResult, WorkerMessage } from './trial-job.js';

const send = (message: WorkerMessage) => {
  if (process.connected) process.send?.(message);
};
const log = (line: string) => send({ type: 'log', line });

async function runJob(job: TrialJob, signal: AbortSignal): Promise<number> {
  const dir = trialDir(job.out, job.name);
  const { config } = job;
  await updateTrial(job.out, job.name, { pid: process.pid });
  const engine = await initEngine({
    ...(job.backend ? { backend: job.backend } : {}),
    ...(config.backend ? { configuredBackend: config.backend } : {}),
    ...(job.threads ? { threads: job.threads } : {}),
    onWarning: (message) => log(`warning: ${message}`),
  });
  log(`engine: ${describeEngine(engine)}`);
  const loaded: LoadedTrainConfig = {
    file: `${job.name}`,
    config: {
      model: config.model.id,
      ...(config.model.preset === undefined ? {} : { preset: config.model.preset }),
      tiny: config.model.tiny,
      settings: config.model.settings,
      data: { prepared: job.dataDir },
      train: config.train,
      out: join(dir, 'train'),
    },
    paths: { out: join(dir, 'train'), prepared: job.dataDir },
  };
  let trainSeconds = 0;
  let lastBeat = 0;
  // One read-modify-write of trial.json at a time: a late heartbeat must not undo the status written after it.
  let beating = Promise.resolve();
  const heartbeat = (step: number) => {
    if (Date.now() - lastBeat < config.runner.heartbeatSeconds * 1000) return;
    lastBeat = Date.now();
    beating = beating.then(() => updateTrial(job.out, job.name, { heartbeatAt: new Date().toISOString(), step })).then(
      () => undefined,
      () => undefined,
    );
  };
  if (!job.evaluateOnly) {
    const summary = await trainFromConfig({
      loaded,
      engine,
      log,
      signal,
      onStep: (report: StepReport) => {
        const total = report.terms['total'] ?? report.terms['generator/total'];
        send({ type: 'step', step: report.step, steps: report.steps, secondsPerStep: report.seconds, ...(total === undefined ? {} : { total }) });
        heartbeat(report.step);
      },
    });
    trainSeconds = summary.seconds;
    await beating;
    if (summary.stopped) return 130;
    await updateTrial(job.out, job.name, { status: 'trained', step: summary.step, heartbeatAt: new Date().toISOString() });
  }
  const { model, step, data } = await loadTrainedModel(join(dir, 'train', 'checkpoint'), config.model.id, `trial ${job.name}`);
  try {
    const evaluation = await evaluateTrial(model, data, { dataDir: job.dataDir, dir, baselineCache: join(job.out, 'baselines', 'cache') }, config.eval, log);
    const result: TrialResult = {
      evalIdentity: job.evalIdentity,
      trainIdentity: job.trainIdentity,
      steps: step,
      trainSeconds,
      evalSeconds: evaluation.seconds,
      engine: describeEngine(engine),
      images: evaluation.images,
      summary: evaluation.summary,
      baselines: evaluation.baselines,
      parameters: model.parameterCounts(),
      tags: model.tags,
    };
    await writeJson(join(dir, 'result.json'), result);
  } finally {
    model.dispose();
  }
  return 0;
}

const controller = new AbortController();
for (const signalName of ['SIGINT', 'SIGTERM'] as const) process.once(signalName, () => controller.abort());
// A runner that dies (even by SIGKILL) closes the channel: stop at the next step with a checkpoint rather than train unwatched.
process.once('disconnect', () => controller.abort());
try {
  const job = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as TrialJob;
  process.exitCode = await runJob(job, controller.signal);
} catch (error) {
  send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
} finally {
  // The IPC channel (and the wasm backend's threads) would keep a finished worker alive.
  if (process.connected) process.disconnect();
  setTimeout(() => process.exit(), 2000).unref();
}
