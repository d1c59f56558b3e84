import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { TrackingError } from '../errors.js';
import { validateKey, validateParamValue } from '../keys.js';
import type { ArtifactEntry, MetricPoint, RunStatus, TrackedRun } from '../types.js';
import type { MlflowApi, WireMetric, WireRun } from './api.js';
import { splitBatch } from './limits.js';
import type { SpoolOp } from './spool.js';

/** What a run needs from its tracker: ordered submission (spooled when the server is down) and reads. */
export interface RunHost {
  submit(ops: SpoolOp[]): Promise<void>;
  read<T>(fn: (api: MlflowApi) => Promise<T>): Promise<T>;
}

function toWireValue(value: number): WireMetric['value'] {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

function fromWireValue(value: WireMetric['value']): number {
  return typeof value === 'number' ? value : Number(value);
}

/** `mlflow-artifacts:/<exp>/<run>/artifacts` (or with `//host:port`) -> `<exp>/<run>/artifacts`. */
export function proxiedArtifactRoot(artifactUri: string, runId: string): string {
  if (!artifactUri.startsWith('mlflow-artifacts:')) {
    throw new TrackingError(
      `run ${runId}`,
      `artifact_uri '${artifactUri}' is not served through the tracking server; start the server with --serve-artifacts (the default since MLflow 2.0) so artifacts go through /api/2.0/mlflow-artifacts`,
    );
  }
  const rest = artifactUri.slice('mlflow-artifacts:'.length);
  const path = rest.startsWith('//') ? new URL(artifactUri).pathname : rest;
  return path.replace(/^\/+|\/+$/g, '');
}

async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full)));
    else files.push(full);
  }
  return files;
}

/** A run on a tracking server. Params already on the server are known locally, so a changed one fails at once. */
export class RestRun implements TrackedRun {
  readonly runId: string;
  readonly experimentId: string;
  private readonly artifactUri: string;
  private readonly params = new Map<string, string>();

  constructor(
    private readonly host: RunHost,
    run: WireRun,
  ) {
    this.runId = run.info.run_id;
    this.experimentId = run.info.experiment_id;
    this.artifactUri = run.info.artifact_uri;
    for (const param of run.data?.params ?? []) this.params.set(param.key, param.value);
  }

  async logParams(params: Record<string, string>): Promise<void> {
    const fresh: { key: string; value: string }[] = [];
    for (const [key, value] of Object.entries(params)) {
      validateKey('param', key);
      validateParamValue(key, value);
      const known = this.params.get(key);
      if (known === value) continue;
      if (known !== undefined) {
        throw new TrackingError(`run ${this.runId}`, `param '${key}' was already logged as '${known}' and params are immutable, but '${value}' was given; start a new run for another value`);
      }
      fresh.push({ key, value });
    }
    if (fresh.length === 0) return;
    await this.host.submit(splitBatch(this.runId, { params: fresh }).map((body) => ({ op: 'log-batch', body })));
    for (const { key, value } of fresh) this.params.set(key, value);
  }

  async logMetrics(points: readonly MetricPoint[]): Promise<void> {
    const now = Date.now();
    const metrics = points.map((point) => {
      validateKey('metric', point.key);
      return { key: point.key, value: toWireValue(point.value), timestamp: Math.trunc(point.timestamp ?? now), step: Math.trunc(point.step) };
    });
    if (metrics.length === 0) return;
    await this.host.submit(splitBatch(this.runId, { metrics }).map((body) => ({ op: 'log-batch', body })));
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    const entries = Object.entries(tags).map(([key, value]) => {
      validateKey('tag', key);
      return { key, value };
    });
    if (entries.length === 0) return;
    const [only] = entries;
    const ops: SpoolOp[] =
      entries.length === 1 && only ? [{ op: 'set-tag', body: { run_id: this.runId, ...only } }] : splitBatch(this.runId, { tags: entries }).map((body) => ({ op: 'log-batch', body }));
    await this.host.submit(ops);
  }

  /** A file lands at `artifactPath/<file name>`; a directory's contents land under `artifactPath` (MLflow's log_artifacts). */
  async logArtifact(localPath: string, artifactPath = ''): Promise<void> {
    const info = await stat(localPath).catch((error: unknown) => {
      throw new TrackingError(localPath, 'expected an existing file or directory to log as an artifact', { cause: error });
    });
    const root = [proxiedArtifactRoot(this.artifactUri, this.runId), ...artifactPath.split('/').filter(Boolean)].join('/');
    const files = info.isDirectory() ? await listFiles(localPath) : [localPath];
    const ops: SpoolOp[] = files.map((file) => ({
      op: 'artifact',
      remotePath: `${root}/${info.isDirectory() ? relative(localPath, file).split(sep).join('/') : basename(file)}`,
      file,
    }));
    await this.host.submit(ops);
  }

  async listArtifacts(path = ''): Promise<ArtifactEntry[]> {
    const sub = path.split('/').filter(Boolean).join('/');
    const remote = [proxiedArtifactRoot(this.artifactUri, this.runId), sub].filter(Boolean).join('/');
    const files = await this.host.read((api) => api.listArtifacts(remote));
    return files.map((file) => ({
      path: sub ? `${sub}/${file.path}` : file.path,
      isDir: Boolean(file.is_dir),
      ...(file.is_dir ? {} : { fileSize: Number(file.file_size ?? 0) }),
    }));
  }

  async getMetricHistory(key: string): Promise<Required<MetricPoint>[]> {
    validateKey('metric', key);
    const points = await this.host.read((api) => api.getMetricHistory(this.runId, key));
    return points.map((point) => ({ key, value: fromWireValue(point.value), timestamp: Number(point.timestamp), step: Number(point.step ?? 0) }));
  }

  async end(status: Exclude<RunStatus, 'RUNNING'>): Promise<void> {
    await this.host.submit([{ op: 'update-run', body: { run_id: this.runId, status, end_time: Date.now() } }]);
  }
}
