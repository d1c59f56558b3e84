import { stat } from 'node:fs/promises';
import { contextTags, currentUser } from '../context-tags.js';
import { TrackingError } from '../errors.js';
import { PARENT_RUN_TAG, RUN_NAME_TAG, type CreateRunOptions, type RunStatus, type Tracker } from '../types.js';
import { isUnreachable, MlflowApi } from './api.js';
import { createHttpClient, type HttpClient } from './http.js';
import { retryPolicy, type RetryPolicy } from './retry.js';
import { RestRun, type RunHost } from './run.js';
import { Spool, type SpoolOp } from './spool.js';

export interface RestTrackerOptions {
  env: NodeJS.ProcessEnv;
  spoolDir: string;
  retry?: Partial<RetryPolicy>;
  /** After a replay found the server still down, how long later calls go straight to the spool. */
  spoolRetryMs?: number;
}

const STATUS_NAMES = new Set<RunStatus>(['RUNNING', 'FINISHED', 'FAILED', 'KILLED']);

/**
 * A tracking server over MLflow's REST API. Writes (params, metrics, tags, run ends, artifacts) that still
 * fail after the retries are spooled and the call resolves; every later call first replays the spool, in
 * order, so the server ends with everything exactly once. Creating an experiment or a run is never spooled:
 * their ids come from the server, so those calls fail loudly instead.
 */
export class RestTracker implements Tracker, RunHost {
  private readonly http: HttpClient;
  private readonly api: MlflowApi;
  private readonly spool: Spool;
  private readonly spoolRetryMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  private retryAt = 0;
  private rejected: unknown;

  constructor(
    readonly uri: string,
    private readonly options: RestTrackerOptions,
  ) {
    this.http = createHttpClient();
    this.api = new MlflowApi(uri, options.env, retryPolicy(options.env, options.retry), this.http);
    this.spool = new Spool(options.spoolDir);
    this.spoolRetryMs = options.spoolRetryMs ?? 30_000;
  }

  /** Calls run one at a time, so spooled and live records keep the order they were made in. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async drain(force: boolean): Promise<void> {
    await this.spool.adoptOrphans();
    if (!this.spool.hasPending() || (!force && Date.now() < this.retryAt)) return;
    try {
      await this.spool.replay(
        (op, maybeSent) => this.send(op, maybeSent),
        (error) => (this.rejected ??= error),
      );
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      this.retryAt = Date.now() + this.spoolRetryMs;
      if (force) throw new TrackingError(this.uri, `${error.message}; the records stay in ${this.spool.dir} and the next flush() sends them`, { cause: error });
    }
  }

  private async send(op: SpoolOp, maybeSent: boolean): Promise<void> {
    switch (op.op) {
      case 'log-batch':
        return this.api.logBatch(op.body, maybeSent);
      case 'set-tag':
        return this.api.setTag(op.body);
      case 'update-run':
        return this.api.updateRun(op.body);
      case 'artifact':
        return this.api.uploadArtifact(op.remotePath, { path: op.file, size: (await stat(op.file)).size });
    }
  }

  submit(ops: SpoolOp[]): Promise<void> {
    return this.exclusive(async () => {
      await this.drain(false);
      if (this.spool.hasPending()) return this.spool.append(ops);
      for (const [index, op] of ops.entries()) {
        try {
          await this.send(op, false);
        } catch (error) {
          if (!isUnreachable(error)) throw error;
          this.retryAt = Date.now() + this.spoolRetryMs;
          return this.spool.append(ops.slice(index));
        }
      }
    });
  }

  read<T>(fn: (api: MlflowApi) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.drain(false);
      return fn(this.api);
    });
  }

  async ensureExperiment(name: string, tags: Record<string, string> = {}): Promise<string> {
    return this.read(async (api) => {
      const existing = await api.getExperimentByName(name);
      if (existing !== undefined) return existing;
      try {
        return await api.createExperiment(name, Object.entries(tags).map(([key, value]) => ({ key, value })));
      } catch (error) {
        // Another worker created it between our lookup and our create.
        if (error instanceof TrackingError && error.errorCode === 'RESOURCE_ALREADY_EXISTS') {
          const created = await api.getExperimentByName(name);
          if (created !== undefined) return created;
        }
        throw error;
      }
    });
  }

  async createRun(experimentId: string, options: CreateRunOptions): Promise<RestRun> {
    const tags: Record<string, string> = { ...contextTags(this.options.env), ...options.tags, [RUN_NAME_TAG]: options.runName };
    if (options.parentRunId) tags[PARENT_RUN_TAG] = options.parentRunId;
    const run = await this.read((api) =>
      api
        .createRun({
          experiment_id: experimentId,
          run_name: options.runName,
          start_time: options.startTime ?? Date.now(),
          user_id: tags['mlflow.user'] ?? currentUser(this.options.env),
          tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
        })
        .catch((error: unknown) => {
          if (!isUnreachable(error)) throw error;
          throw new TrackingError(
            this.uri,
            `${error.message}; a run's id comes from the server, so creating a run cannot be deferred: start the server, or track to a local store (MLFLOW_TRACKING_URI=./mlruns)`,
            { cause: error },
          );
        }),
    );
    return new RestRun(this, run);
  }

  async openRun(runId: string): Promise<RestRun> {
    const run = await this.read(async (api) => {
      const found = await api.getRun(runId);
      await api.updateRun({ run_id: runId, status: 'RUNNING' });
      return found;
    });
    return new RestRun(this, run);
  }

  async findRuns(experimentId: string, tag: { key: string; value: string }): Promise<{ runId: string; status: RunStatus }[]> {
    const runs = await this.read((api) => api.searchRuns(experimentId, tagFilter(tag.key, tag.value)));
    return runs.map((run) => ({ runId: run.info.run_id, status: STATUS_NAMES.has(run.info.status as RunStatus) ? (run.info.status as RunStatus) : 'RUNNING' }));
  }

  async flush(): Promise<void> {
    await this.exclusive(() => this.drain(true));
    const rejected = this.rejected;
    this.rejected = undefined;
    if (rejected) {
      throw new TrackingError(this.uri, `the server refused a spooled record (kept in ${this.spool.dir}/rejected.jsonl): ${(rejected as Error).message}`, { cause: rejected });
    }
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.http.close();
    }
  }
}

/** MLflow's search syntax: the key in backticks (it may hold dots), the value in quotes it does not contain. */
export function tagFilter(key: string, value: string): string {
  if (key.includes('`')) throw new TrackingError(`tag key '${key}'`, 'a tag key used in a search may not contain a backtick');
  if (!value.includes("'")) return `tags.\`${key}\` = '${value}'`;
  if (!value.includes('"')) return `tags.\`${key}\` = "${value}"`;
  throw new TrackingError(`tag '${key}'`, `value ${JSON.stringify(value)} holds both quote characters, which MLflow's search syntax cannot express; use a value without one of them`);
}
