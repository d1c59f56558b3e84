import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, writeFileAtomic } from '@hdr-lab/core';

const encoder = new TextEncoder();

/**
 * pending: never started; running: a worker holds it (or held it when its runner died: see heartbeatAt);
 * trained: the checkpoint is final, evaluation not done; completed: scored; failed: the last attempt failed.
 */
export type TrialStatus = 'pending' | 'running' | 'trained' | 'completed' | 'failed' | 'interrupted';

export interface TrialRecord {
  readonly name: string;
  readonly label: string;
  /** hash(trial config's training part + code version + data manifest): what the checkpoint holds. */
  readonly trainIdentity: string;
  /** hash(train identity + evaluation settings): what the scores hold. */
  readonly evalIdentity: string;
  readonly status: TrialStatus;
  /** Attempts made in all, across invocations. */
  readonly attempts: number;
  readonly step?: number;
  /** The worker process of the current attempt. */
  readonly pid?: number;
  readonly heartbeatAt?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly error?: string;
  /** The MLflow child run of this trial, reopened when the trial resumes. */
  readonly runId?: string;
  /** Steps whose losses the tracking store already holds (so a resumed trial logs each step once). */
  readonly trackedStep?: number;
}

export interface ExperimentRecord {
  readonly name: string;
  readonly kind: 'ablation' | 'sweep' | 'single';
  readonly definitionHash: string;
  readonly createdAt: string;
  readonly trials: readonly string[];
  readonly parentRunId?: string;
  readonly trackingUri?: string;
}

export const experimentFile = (out: string) => join(out, 'experiment.json');
export const trialDir = (out: string, name: string) => join(out, 'trials', name);
export const trialFile = (out: string, name: string) => join(trialDir(out, name), 'trial.json');

export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${path}: unreadable (${(error as Error).message}); delete it to start this part again`);
  }
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, encoder.encode(`${JSON.stringify(value, null, 2)}\n`));
}

export async function readTrial(out: string, name: string): Promise<TrialRecord | undefined> {
  return readJson<TrialRecord>(trialFile(out, name));
}

export async function writeTrial(out: string, record: TrialRecord): Promise<void> {
  await mkdir(trialDir(out, record.name), { recursive: true });
  await writeJson(trialFile(out, record.name), record);
}

export async function updateTrial(out: string, name: string, change: Partial<TrialRecord>): Promise<TrialRecord> {
  const current = await readTrial(out, name);
  if (!current) throw new Error(`${trialFile(out, name)}: missing; the experiment folder was changed while running`);
  const next = { ...current, ...change };
  await writeTrial(out, next);
  return next;
}

interface LockRecord {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly heartbeatAt: string;
}

/** Holds an experiment folder for one runner; release() removes the lock, beat() refreshes its heartbeat. */
export interface RunnerLock {
  beat(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Takes the experiment's lock: refused while another live runner holds it (same host: its pid lives;
 * other hosts: its heartbeat is fresh); a dead holder's lock is taken over, and its trials count as interrupted.
 */
export async function acquireLock(out: string, heartbeatSeconds: number): Promise<RunnerLock> {
  await mkdir(out, { recursive: true });
  const path = join(out, 'runner.lock');
  const record = (): LockRecord => ({ pid: process.pid, host: hostname(), startedAt, heartbeatAt: new Date().toISOString() });
  const startedAt = new Date().toISOString();
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(record()));
      await handle.close();
      // A heartbeat still being written when the lock is released would put the file back after its removal
      // and lock the next run out: beats are chained, and release waits for the last one and stops the rest.
      let released = false;
      let writing: Promise<void> = Promise.resolve();
      return {
        beat: () => (writing = writing.catch(() => undefined).then(() => (released ? undefined : writeJson(path, record())))),
        release: async () => {
          released = true;
          await writing.catch(() => undefined);
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readJson<LockRecord>(path).catch(() => undefined);
      const stale =
        !holder ||
        (holder.host === hostname() ? !isProcessAlive(holder.pid) : Date.now() - Date.parse(holder.heartbeatAt) > 3 * heartbeatSeconds * 1000);
      if (!stale) {
        throw new Error(`${out}: another runner (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}) is working on this experiment; wait for it, or stop it first`);
      }
      await rm(path, { force: true });
    }
  }
  throw new Error(`${path}: could not take the runner lock; another runner took it at the same moment`);
}
