import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contextTags, currentUser } from '../context-tags.js';
import { TrackingError } from '../errors.js';
import { PARENT_RUN_TAG, RUN_NAME_TAG, type CreateRunOptions, type RunStatus, type Tracker } from '../types.js';
import { ensureExperiment, getExperiment, initStore, listExperiments } from './experiments.js';
import { readMeta, statusName, writeMeta, newRunMeta, type RunMeta } from './meta.js';
import { RESERVED_EXPERIMENT_FOLDERS, storePaths } from './paths.js';
import { FileRun } from './runs.js';

/**
 * Writes MLflow 2.9's FileStore layout directly (what `mlflow ui --backend-store-uri ./mlruns` reads): no
 * server, no network, safe for several worker processes each writing its own runs.
 */
export class FileTracker implements Tracker {
  constructor(
    readonly uri: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async ensureExperiment(name: string, tags: Record<string, string> = {}): Promise<string> {
    if (name.trim() === '') throw new TrackingError(this.uri, 'expected a non-empty experiment name');
    return ensureExperiment(this.uri, name, tags);
  }

  async createRun(experimentId: string, options: CreateRunOptions): Promise<FileRun> {
    await initStore(this.uri);
    const experiment = await getExperiment(this.uri, experimentId);
    const runId = randomUUID().replaceAll('-', '');
    const runDir = storePaths.runDir(this.uri, experimentId, runId);
    await mkdir(runDir, { recursive: true });
    const tags: Record<string, string> = { ...contextTags(this.env), ...options.tags, [RUN_NAME_TAG]: options.runName };
    if (options.parentRunId) tags[PARENT_RUN_TAG] = options.parentRunId;
    const meta = newRunMeta({
      runId,
      experimentId,
      runName: options.runName,
      artifactUri: `${experiment.artifact_location.replace(/\/+$/, '')}/${runId}/artifacts`,
      userId: tags['mlflow.user'] ?? currentUser(this.env),
      startTime: options.startTime ?? Date.now(),
    });
    for (const folder of ['metrics', 'params', 'artifacts']) await mkdir(join(runDir, folder), { recursive: true });
    await writeMeta(storePaths.runMeta(runDir), meta, runDir);
    const run = new FileRun(runDir, meta);
    await run.setTags(tags);
    return run;
  }

  async openRun(runId: string): Promise<FileRun> {
    for (const experiment of await listExperiments(this.uri).catch(() => [])) {
      const runDir = storePaths.runDir(this.uri, String(experiment.experiment_id), runId);
      const meta = await readMeta<RunMeta>(storePaths.runMeta(runDir));
      if (!meta || meta.lifecycle_stage !== 'active') continue;
      const run = new FileRun(runDir, meta);
      await run.reopen();
      return run;
    }
    throw new TrackingError(this.uri, `no active run with id ${runId} in this store; check MLFLOW_TRACKING_URI points at the store the run was created in`);
  }

  async findRuns(experimentId: string, tag: { key: string; value: string }): Promise<{ runId: string; status: RunStatus }[]> {
    const experimentDir = storePaths.experimentDir(this.uri, experimentId);
    await getExperiment(this.uri, experimentId);
    const found: { runId: string; status: RunStatus; startTime: number }[] = [];
    for (const entry of await readdir(experimentDir, { withFileTypes: true })) {
      if (!entry.isDirectory() || RESERVED_EXPERIMENT_FOLDERS.has(entry.name)) continue;
      const runDir = join(experimentDir, entry.name);
      const meta = await readMeta<RunMeta>(storePaths.runMeta(runDir));
      if (!meta || meta.lifecycle_stage !== 'active') continue;
      const value = await readFile(storePaths.tag(runDir, tag.key), 'utf8').catch(() => undefined);
      if (value === tag.value) found.push({ runId: meta.run_id, status: statusName(meta.status), startTime: meta.start_time });
    }
    // MLflow's default order for runs/search: newest first.
    return found.sort((a, b) => b.startTime - a.startTime || a.runId.localeCompare(b.runId)).map(({ runId, status }) => ({ runId, status }));
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}
