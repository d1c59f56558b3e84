import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, createTracker, flattenParams, hashConfig, type BackendChoice, type TrackedRun, type Tracker } from '@hdr-lab/core';
import type { CliOutput } from '../cli/output.js';
import { describeExperiment, type LoadedExperiment } from '../experiment/load.js';
import type { TrialPlan } from '../experiment/trials.js';
import { codeVersion } from './code-version.js';
import { prepareExperimentData, type PreparedData } from './prepare-data.js';
import { writeExperimentSummary } from './report.js';
import { acquireLock, experimentFile, readJson, readTrial, trialDir, updateTrial, writeJson, writeTrial, type ExperimentRecord } from './state.js';
import { contextTags, logTrialParams, TAG, trackTrial, type RunContext } from './tracking.js';
import type { TrialJob, TrialResult, WorkerMessage } from './trial-job.js';
import { startWorker, type WorkerHandle } from './worker-process.js';
import { formatDuration } from '../cli/format-duration.js';

export interface ExperimentRunRequest {
  readonly loaded: LoadedExperiment;
  /** What the command runs: an `ablation` or `sweep` section must then be there. */
  readonly kind?: 'ablation' | 'sweep';
  /** Keep a folder holding another definition as OUT-<time> and start again, instead of refusing. */
  readonly startNew?: boolean;
  /** Score trained checkpoints again without training (e.g. after changing eval settings). */
  readonly evaluateOnly?: boolean;
  /** Run only these trials (all by default). */
  readonly only?: readonly string[];
  readonly backend?: BackendChoice;
  readonly threads?: number;
  /** The checkout whose git commit is the code version. */
  readonly root: string;
  readonly output: CliOutput;
  readonly signal?: AbortSignal;
}

export interface ExperimentRunSummary {
  readonly out: string;
  readonly completed: readonly string[];
  readonly skipped: readonly string[];
  readonly failed: readonly string[];
  readonly interrupted: boolean;
  readonly seconds: number;
  readonly reportDir?: string;
  readonly table?: string;
}

type Mode = 'train' | 'evaluate' | 'track';

interface WorkItem {
  readonly trial: TrialPlan;
  readonly mode: Mode;
}

function checkKind(loaded: LoadedExperiment, kind: ExperimentRunRequest['kind']): void {
  const { config, file } = loaded;
  const actual = config.ablation ? 'an ablation' : config.sweep ? 'a sweep' : 'a single run (no ablation or sweep section)';
  if (kind === 'ablation' && !config.ablation) throw new ConfigError(`${file}: has no ablation: section; it is ${actual}${config.sweep ? ': run it with hdr-lab sweep' : ''}`);
  if (kind === 'sweep' && !config.sweep) throw new ConfigError(`${file}: has no sweep: section; it is ${actual}${config.ablation ? ': run it with hdr-lab ablation' : ''}`);
}

/** Chooses what each trial still needs: nothing (skipped), scoring, tracking, or training (resumed from its checkpoint). */
async function planWork(request: ExperimentRunRequest, data: PreparedData, context: RunContext, skipped: string[], failed: string[]): Promise<WorkItem[]> {
  const { loaded, output } = request;
  const { out } = loaded.config;
  const known = new Set(loaded.trials.map((trial) => trial.name));
  for (const name of request.only ?? []) if (!known.has(name)) throw new ConfigError(`--only ${name}: no such trial; the trials are ${[...known].join(', ')}`);
  const work: WorkItem[] = [];
  for (const trial of loaded.trials.filter((candidate) => !request.only || request.only.includes(candidate.name))) {
    const trainIdentity = hashConfig({ model: trial.config.model, train: trial.config.train, data: data.identity, code: context.codeVersion, backend: context.backend });
    // Results scored before a baseline existed are scored again, so every table has the same baseline rows.
    const evalIdentity = hashConfig({ trainIdentity, eval: trial.config.eval, baselines: trial.config.eval.baselines ?? 'default' });
    const dir = trialDir(out, trial.name);
    let record = await readTrial(out, trial.name);
    if (record && record.trainIdentity !== trainIdentity) {
      output.err(`[${trial.name}] its config, the code or the data changed since it ran: training it again`);
      await rm(dir, { recursive: true, force: true });
      record = undefined;
    }
    record ??= { name: trial.name, label: trial.label, trainIdentity, evalIdentity, status: 'pending', attempts: 0 };
    const result = await readJson<TrialResult>(join(dir, 'result.json'));
    const scored = result?.evalIdentity === evalIdentity;
    if (record.status === 'completed' && scored && !request.evaluateOnly) {
      skipped.push(trial.name);
      continue;
    }
    const trained = record.status === 'trained' || (record.status === 'completed' && record.evalIdentity === evalIdentity) || result?.trainIdentity === trainIdentity;
    if (record.status === 'running') output.err(`[${trial.name}] was interrupted at step ${record.step ?? 0} (last heartbeat ${record.heartbeatAt ?? 'none'}): resuming it from its checkpoint`);
    if (record.status === 'failed') output.err(`[${trial.name}] failed last time (${record.error ?? 'no message'}): running it again`);
    await writeTrial(out, { ...record, evalIdentity });
    if (request.evaluateOnly && !trained) {
      output.err(`[${trial.name}] is not trained yet (${record.status}); run the experiment without --evaluate-only first`);
      failed.push(trial.name);
      continue;
    }
    work.push({ trial, mode: request.evaluateOnly || (trained && !scored) ? 'evaluate' : scored ? 'track' : 'train' });
  }
  return work;
}

/**
 * Runs an experiment's trials in worker processes (config `runner.workers` at once), each resumable:
 * completed trials are skipped, interrupted ones resume from their checkpoints, failed ones run again
 * (with `runner.retries` extra attempts). Every trial is a child run of one MLflow parent run. At the
 * end, the report is written and its table returned.
 */
export async function runExperiment(request: ExperimentRunRequest): Promise<ExperimentRunSummary> {
  const { loaded, output } = request;
  const { config } = loaded;
  const { out } = config;
  checkKind(loaded, request.kind);
  const started = performance.now();
  const kind = config.ablation ? 'ablation' : config.sweep ? 'sweep' : 'single';
  if (config.scale === 'gpu') {
    output.err(`warning: ${config.name} is sized for the paper (scale: gpu): on a CPU backend its trials take days. The *-samples / default configs run in minutes.`);
  }
  let lock = await acquireLock(out, config.runner.heartbeatSeconds);
  const beat = setInterval(() => void lock.beat().catch(() => undefined), config.runner.heartbeatSeconds * 1000);
  beat.unref();
  let tracker: Tracker | undefined;
  try {
    let previous = await readJson<ExperimentRecord>(experimentFile(out));
    if (previous && previous.definitionHash !== loaded.definitionHash) {
      if (!request.startNew) {
        throw new ConfigError(
          `${out} holds experiment '${previous.name}' with another definition (${previous.definitionHash.slice(0, 12)}; this one is ${loaded.definitionHash.slice(0, 12)}), ` +
            'so resuming would mix results. Pass --new to keep that folder under another name and start again, or set out: to another folder',
        );
      }
      await lock.release();
      const archive = `${out}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(out, archive);
      output.err(`kept the previous experiment folder as ${archive}`);
      lock = await acquireLock(out, config.runner.heartbeatSeconds);
      previous = undefined;
    }
    const data = await prepareExperimentData(config, loaded.file, (line) => output.err(line));
    output.err(`data: ${data.dir} (${data.reused ? 'reused' : 'prepared'}; manifest ${data.identity.slice(0, 12)})`);
    const context: RunContext = {
      codeVersion: await codeVersion(request.root),
      definitionHash: loaded.definitionHash,
      dataIdentity: data.identity,
      backend: request.backend ?? config.backend ?? process.env['HDR_LAB_BACKEND'] ?? 'auto',
    };

    let parent: TrackedRun | undefined;
    let experimentId: string | undefined;
    if (config.tracking.enabled) {
      tracker = createTracker(config.tracking.uri ? { uri: config.tracking.uri } : {});
      experimentId = await tracker.ensureExperiment(config.tracking.experiment ?? config.name);
      if (previous?.parentRunId) parent = await tracker.openRun(previous.parentRunId);
      else {
        parent = await tracker.createRun(experimentId, { runName: config.name, tags: { ...contextTags(context), [TAG.kind]: kind } });
        const { runner: _runner, tracking: _tracking, out: _out, ...definition } = loaded.document;
        await parent.logParams(flattenParams(definition));
      }
      output.err(`tracking: ${tracker.uri} (experiment '${config.tracking.experiment ?? config.name}', run ${parent.runId})`);
    }
    const record: ExperimentRecord = {
      name: config.name,
      kind,
      definitionHash: loaded.definitionHash,
      createdAt: previous?.createdAt ?? new Date().toISOString(),
      trials: loaded.trials.map((trial) => trial.name),
      ...(parent ? { parentRunId: parent.runId } : {}),
      ...(tracker ? { trackingUri: tracker.uri } : {}),
    };
    await writeJson(experimentFile(out), record);
    await writeFile(join(out, 'experiment.resolved.yaml'), `${describeExperiment(loaded)}\n`);

    const skipped: string[] = [];
    const failed: string[] = [];
    const completed: string[] = [];
    const work = await planWork(request, data, context, skipped, failed);
    if (skipped.length > 0) output.err(`already completed: ${skipped.join(', ')}`);
    output.err(`${work.length} trial${work.length === 1 ? '' : 's'} to run (${config.runner.workers} at a time): ${work.map((item) => `${item.trial.name}${item.mode === 'train' ? '' : ` (${item.mode})`}`).join(', ') || 'none'}`);

    const active = new Set<WorkerHandle>();
    const shownNotices = new Set<string>();
    let stopping = false;
    let interrupted = false;
    const stopAll = () => {
      stopping = true;
      for (const handle of active) handle.stop();
    };
    const onAbort = () => {
      interrupted = true;
      stopAll();
    };
    request.signal?.addEventListener('abort', onAbort);

    const runOne = async ({ trial, mode }: WorkItem, position: number): Promise<void> => {
      const dir = trialDir(out, trial.name);
      await mkdir(dir, { recursive: true });
      await writeJson(join(dir, 'config.json'), trial.config);
      let record = (await readTrial(out, trial.name))!;
      let run: TrackedRun | undefined;
      if (tracker && parent && experimentId) {
        if (record.runId) run = await tracker.openRun(record.runId);
        else {
          run = await tracker.createRun(experimentId, {
            runName: trial.name,
            parentRunId: parent.runId,
            tags: { ...contextTags(context), [TAG.kind]: kind, [TAG.trial]: trial.name, [TAG.trainIdentity]: record.trainIdentity, [TAG.evalIdentity]: record.evalIdentity },
          });
          await logTrialParams(run, trial.config);
          record = await updateTrial(out, trial.name, { runId: run.runId });
        }
      }
      const tag = `[${trial.name} ${position}/${work.length}]`;
      if (mode !== 'track') {
        let outcome: { code: number; error?: string } = { code: 1 };
        for (let attempt = 0; attempt <= config.runner.retries && !stopping; attempt++) {
          const now = new Date().toISOString();
          record = await updateTrial(out, trial.name, { status: 'running', attempts: record.attempts + 1, startedAt: now, heartbeatAt: now });
          const job: TrialJob = {
            out,
            name: trial.name,
            config: trial.config,
            dataDir: data.dir,
            dataIdentity: data.identity,
            trainIdentity: record.trainIdentity,
            evalIdentity: record.evalIdentity,
            evaluateOnly: mode === 'evaluate',
            ...(request.backend ? { backend: request.backend } : {}),
            ...(request.threads ? { threads: request.threads } : {}),
          };
          await writeJson(join(dir, 'job.json'), job);
          output.err(`${tag} ${mode === 'evaluate' ? 'evaluating' : 'training'} ${trial.label}${attempt > 0 ? ` (retry ${attempt}/${config.runner.retries})` : ''}; log: ${join(dir, 'log.txt')}`);
          const trialStarted = performance.now();
          const handle = startWorker(join(dir, 'job.json'), join(dir, 'log.txt'), (message: WorkerMessage) => {
            // Every trial's log keeps its notices; the console shows each one once per run.
            if (message.type === 'log' && /^(notice|warning):/.test(message.line) && !shownNotices.has(message.line)) {
              shownNotices.add(message.line);
              output.err(`${tag} ${message.line}`);
            }
            if (message.type === 'step') {
              const eta = formatDuration(message.secondsPerStep * (message.steps - message.step));
              const line = `${tag} step ${message.step}/${message.steps}${message.total === undefined ? '' : `  loss ${message.total.toPrecision(4)}`}  ${message.secondsPerStep.toFixed(2)} s/step  ETA ${eta}`;
              if (output.status) output.status(line);
              else if (message.step % trial.config.train.logEvery === 0 || message.step === message.steps) output.err(line);
            }
          }, { silentSeconds: config.runner.stallSeconds });
          active.add(handle);
          outcome = await handle.done;
          active.delete(handle);
          if (outcome.code === 0) {
            output.err(`${tag} finished in ${formatDuration((performance.now() - trialStarted) / 1000)}`);
            break;
          }
          // A worker asked to stop (Ctrl-C, fail-fast) may die before its handler is set: it was interrupted, not failed.
          if (outcome.code === 130 || stopping) {
            await updateTrial(out, trial.name, { status: 'interrupted', heartbeatAt: new Date().toISOString() });
            await run?.end('KILLED');
            output.err(`${tag} stopped with a checkpoint; run the experiment again to resume it`);
            return;
          }
          record = await updateTrial(out, trial.name, { status: 'failed', error: outcome.error ?? 'failed', finishedAt: new Date().toISOString() });
          output.err(`${tag} failed: ${outcome.error} (log: ${join(dir, 'log.txt')})`);
        }
        if (outcome.code !== 0) {
          await run?.end('FAILED');
          failed.push(trial.name);
          if (config.runner.failure === 'fail-fast') {
            output.err(`stopping the other trials: runner.failure is fail-fast`);
            stopAll();
          }
          return;
        }
      }
      const result = (await readJson<TrialResult>(join(dir, 'result.json')))!;
      if (run) {
        const trackedStep = await trackTrial(run, out, record, result, trial.config);
        await run.end('FINISHED');
        record = await updateTrial(out, trial.name, { trackedStep });
      }
      await updateTrial(out, trial.name, { status: 'completed', finishedAt: new Date().toISOString(), step: result.steps });
      completed.push(trial.name);
    };

    const queue = work.map((item, index) => ({ item, position: index + 1 }));
    await Promise.all(
      Array.from({ length: Math.min(config.runner.workers, queue.length) }, async () => {
        while (queue.length > 0 && !stopping) {
          const next = queue.shift()!;
          await runOne(next.item, next.position);
        }
      }),
    );
    request.signal?.removeEventListener('abort', onAbort);

    const { dir: reportDir, table } = await writeExperimentSummary(loaded, data.dir);
    if (parent) {
      await parent.logArtifact(join(out, 'experiment.resolved.yaml'), 'config');
      await parent.logArtifact(reportDir, 'report');
      const unfinished = loaded.trials.length - skipped.length - completed.length;
      await parent.end(interrupted ? 'KILLED' : failed.length > 0 || unfinished > 0 ? 'FAILED' : 'FINISHED');
    }
    return { out, completed, skipped, failed, interrupted, seconds: (performance.now() - started) / 1000, reportDir, table };
  } finally {
    clearInterval(beat);
    await tracker?.flush().catch((error: Error) => output.err(`warning: tracking: ${error.message}; the records stay spooled and are sent on the next run`));
    await tracker?.close();
    await lock.release();
  }
}

