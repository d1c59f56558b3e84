/** MLflow's run states as the REST API spells them; the FileStore keeps them as integers (see `file-store/meta.ts`). */
export type RunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

/** One value of a metric. `timestamp` (ms since the epoch) defaults to the time of logging. */
export interface MetricPoint {
  key: string;
  value: number;
  step: number;
  timestamp?: number;
}

/** A file or folder among a run's artifacts; `path` is relative to the run's artifact root. */
export interface ArtifactEntry {
  path: string;
  isDir: boolean;
  fileSize?: number;
}

export interface TrackedRun {
  readonly runId: string;
  readonly experimentId: string;
  /** Params are immutable: the same key with the same value is a no-op, another value is a `TrackingError`. */
  logParams(params: Record<string, string>): Promise<void>;
  logMetrics(points: readonly MetricPoint[]): Promise<void>;
  setTags(tags: Record<string, string>): Promise<void>;
  /** Uploads a file, or a whole directory, under `artifactPath` (default: the artifact root). */
  logArtifact(localPath: string, artifactPath?: string): Promise<void>;
  listArtifacts(path?: string): Promise<ArtifactEntry[]>;
  getMetricHistory(key: string): Promise<Required<MetricPoint>[]>;
  end(status: Exclude<RunStatus, 'RUNNING'>): Promise<void>;
}

export interface CreateRunOptions {
  runName: string;
  tags?: Record<string, string>;
  parentRunId?: string;
  startTime?: number;
}

export interface Tracker {
  /** The store's absolute path for a FileStore, or the http(s) URI of a tracking server. */
  readonly uri: string;
  /** Returns the id of the active experiment with this name, creating it (with `tags`) when there is none. */
  ensureExperiment(name: string, tags?: Record<string, string>): Promise<string>;
  createRun(experimentId: string, options: CreateRunOptions): Promise<TrackedRun>;
  /** Reattaches to an existing run (resuming an interrupted trial) and marks it RUNNING again. */
  openRun(runId: string): Promise<TrackedRun>;
  findRuns(experimentId: string, tag: { key: string; value: string }): Promise<{ runId: string; status: RunStatus }[]>;
  /** Sends what was spooled while the server was unreachable; a no-op for a FileStore. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export const RUN_NAME_TAG = 'mlflow.runName';
export const PARENT_RUN_TAG = 'mlflow.parentRunId';
export const USER_TAG = 'mlflow.user';
