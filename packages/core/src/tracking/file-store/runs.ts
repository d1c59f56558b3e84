import { appendFile, cp, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TrackingError } from '../errors.js';
import { validateKey, validateParamValue } from '../keys.js';
import { formatPythonFloat } from '../python-float.js';
import type { ArtifactEntry, MetricPoint, RunStatus, TrackedRun } from '../types.js';
import { createFileExclusive, writeFileAtomic } from './atomic.js';
import { readMeta, statusCode, writeMeta, type RunMeta } from './meta.js';
import { storePaths } from './paths.js';

/** One run of a FileStore. A run belongs to one process at a time; several runs may be written at once. */
export class FileRun implements TrackedRun {
  readonly runId: string;
  readonly experimentId: string;

  constructor(readonly runDir: string, meta: RunMeta) {
    this.runId = meta.run_id;
    this.experimentId = String(meta.experiment_id);
  }

  async logParams(params: Record<string, string>): Promise<void> {
    for (const [key, value] of Object.entries(params)) {
      validateKey('param', key);
      validateParamValue(key, value);
      const path = storePaths.param(this.runDir, key);
      if (await createFileExclusive(path, value, this.runDir)) continue;
      const current = await readFile(path, 'utf8');
      if (current !== value) {
        throw new TrackingError(
          path,
          `param '${key}' of run ${this.runId} was already logged as '${current}' and params are immutable, but '${value}' was given; start a new run for another value`,
        );
      }
    }
  }

  /** One append per metric key, so a metric file is never created empty nor left with half a batch. */
  async logMetrics(points: readonly MetricPoint[]): Promise<void> {
    const lines = new Map<string, string>();
    const now = Date.now();
    for (const point of points) {
      validateKey('metric', point.key);
      const line = `${Math.trunc(point.timestamp ?? now)} ${formatPythonFloat(point.value)} ${Math.trunc(point.step)}\n`;
      lines.set(point.key, (lines.get(point.key) ?? '') + line);
    }
    for (const [key, text] of lines) {
      const path = storePaths.metric(this.runDir, key);
      if (!(await createFileExclusive(path, text, this.runDir))) await appendFile(path, text);
    }
  }

  async setTags(tags: Record<string, string>): Promise<void> {
    for (const [key, value] of Object.entries(tags)) {
      validateKey('tag', key);
      await writeFileAtomic(storePaths.tag(this.runDir, key), value, this.runDir);
    }
    const runName = tags['mlflow.runName'];
    if (runName !== undefined) await this.updateMeta((meta) => (meta.run_name === runName ? undefined : { ...meta, run_name: runName }));
  }

  /** A file lands at `artifactPath/<file name>`; a directory's contents land under `artifactPath` (MLflow's log_artifacts). */
  async logArtifact(localPath: string, artifactPath = ''): Promise<void> {
    const source = await stat(localPath).catch((error: unknown) => {
      throw new TrackingError(localPath, 'expected an existing file or directory to log as an artifact', { cause: error });
    });
    const targetDir = join(await this.artifactRoot(), ...splitArtifactPath(artifactPath));
    const target = source.isDirectory() ? targetDir : join(targetDir, basename(localPath));
    await cp(localPath, target, { recursive: true, force: true });
  }

  async listArtifacts(path = ''): Promise<ArtifactEntry[]> {
    const root = await this.artifactRoot();
    const dir = join(root, ...splitArtifactPath(path));
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    const listed = await Promise.all(
      entries.map(async (entry) => {
        const full = join(dir, entry.name);
        const rel = relative(root, full).split(sep).join('/');
        return entry.isDirectory() ? { path: rel, isDir: true } : { path: rel, isDir: false, fileSize: (await stat(full)).size };
      }),
    );
    return listed.sort((a, b) => a.path.localeCompare(b.path));
  }

  async getMetricHistory(key: string): Promise<Required<MetricPoint>[]> {
    validateKey('metric', key);
    const text = await readFile(storePaths.metric(this.runDir, key), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [timestamp, value, step] = line.trim().split(' ');
        return { key, timestamp: Number(timestamp), value: parsePythonFloat(value ?? ''), step: Number(step ?? 0) };
      });
  }

  async end(status: Exclude<RunStatus, 'RUNNING'>): Promise<void> {
    await this.updateMeta((meta) => ({ ...meta, status: statusCode(status), end_time: Date.now() }));
  }

  /** Reopening a run clears `end_time`: a RUNNING run has none. */
  async reopen(): Promise<void> {
    await this.updateMeta((meta) => ({ ...meta, status: statusCode('RUNNING'), end_time: null }));
  }

  private async updateMeta(change: (meta: RunMeta) => RunMeta | undefined): Promise<void> {
    const path = storePaths.runMeta(this.runDir);
    const meta = await readMeta<RunMeta>(path);
    if (!meta) throw new TrackingError(path, `run ${this.runId} has no meta.yaml any more; was the run deleted?`);
    const changed = change(meta);
    if (changed) await writeMeta(path, changed, this.runDir);
  }

  private async artifactRoot(): Promise<string> {
    const meta = await readMeta<RunMeta>(storePaths.runMeta(this.runDir));
    const uri = meta?.artifact_uri ?? '';
    if (!uri.startsWith('file:')) {
      throw new TrackingError(
        storePaths.runMeta(this.runDir),
        `artifact_uri '${uri}' is not a local file:// location, so artifacts cannot be written here; log this run through its tracking server (MLFLOW_TRACKING_URI=http://...)`,
      );
    }
    return fileURLToPath(uri);
  }
}

function splitArtifactPath(path: string): string[] {
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw new TrackingError(`artifact path '${path}'`, 'expected a path inside the run\'s artifacts, without ".."');
  return parts;
}

/** The inverse of `formatPythonFloat` for the spellings Python writes (`nan`, `inf`, `-inf`). */
export function parsePythonFloat(text: string): number {
  if (text === 'nan') return NaN;
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}
