import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TrackingError } from '../errors.js';
import { createFileExclusive, writeFileAtomic } from './atomic.js';
import { readMeta, writeMeta, type ExperimentMeta } from './meta.js';
import { DEFAULT_EXPERIMENT, storePaths } from './paths.js';

/** MLflow's `_generate_unique_integer_id`: a random positive 63-bit integer, as a decimal string. */
export function newExperimentId(): string {
  return (randomBytes(8).readBigUInt64BE() & 0x7fff_ffff_ffff_ffffn).toString();
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

/** Creates the store the way MLflow does on first use: the root, the `Default` experiment `0` and `.trash`. */
export async function initStore(root: string): Promise<void> {
  if (!(await exists(root))) {
    await mkdir(root, { recursive: true });
    await writeExperiment(root, DEFAULT_EXPERIMENT.id, DEFAULT_EXPERIMENT.name, {});
  }
  await mkdir(storePaths.trash(root), { recursive: true });
}

async function writeExperiment(root: string, id: string, name: string, tags: Record<string, string>): Promise<void> {
  const dir = storePaths.experimentDir(root, id);
  await mkdir(dir, { recursive: true });
  for (const [key, value] of Object.entries(tags)) await writeFileAtomic(storePaths.experimentTag(root, id, key), value, dir);
  const now = Date.now();
  const meta: ExperimentMeta = {
    artifact_location: pathToFileURL(dir).href,
    creation_time: now,
    experiment_id: id,
    last_update_time: now,
    lifecycle_stage: 'active',
    name,
  };
  await writeMeta(storePaths.experimentMeta(root, id), meta, dir);
}

/** The experiments in the store's root (active ones; deleted ones live under `.trash`). */
export async function listExperiments(root: string): Promise<ExperimentMeta[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const metas = await Promise.all(
    entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => readMeta<ExperimentMeta>(storePaths.experimentMeta(root, entry.name))),
  );
  return metas.filter((meta): meta is ExperimentMeta => meta !== undefined && meta.lifecycle_stage === 'active');
}

export async function findExperimentByName(root: string, name: string): Promise<ExperimentMeta | undefined> {
  return (await listExperiments(root)).find((meta) => meta.name === name);
}

export async function getExperiment(root: string, experimentId: string): Promise<ExperimentMeta> {
  const meta = await readMeta<ExperimentMeta>(storePaths.experimentMeta(root, experimentId));
  if (!meta || meta.lifecycle_stage !== 'active') {
    throw new TrackingError(storePaths.experimentDir(root, experimentId), `no active experiment with id ${experimentId}; create it with ensureExperiment(name)`);
  }
  return meta;
}

/**
 * Get-or-create by name, safe when several processes ask at once. The first process to link the name's index
 * file (an atomic create-if-absent) decides the id; every process, the winner or not, then makes sure that
 * experiment's meta.yaml exists, so a winner that crashed half-way is completed by the next caller. An index
 * whose experiment was since renamed is skipped for the next one (`-1`, `-2`, ...).
 */
export async function ensureExperiment(root: string, name: string, tags: Record<string, string>): Promise<string> {
  await initStore(root);
  const existing = await findExperimentByName(root, name);
  if (existing) return String(existing.experiment_id);
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 32);
  for (let generation = 0; ; generation += 1) {
    const index = storePaths.nameIndex(root, generation === 0 ? digest : `${digest}-${generation}`);
    await createFileExclusive(index, `${newExperimentId()}\n`, root);
    const id = (await readFile(index, 'utf8')).trim();
    const deleted = await readMeta<ExperimentMeta>(join(storePaths.trash(root), id, 'meta.yaml'));
    if (deleted?.name === name) {
      throw new TrackingError(
        storePaths.trash(root),
        `experiment '${name}' (id ${id}) is deleted; restore it (mlflow experiments restore --experiment-id ${id}) or remove it from .trash and remove ${index}`,
      );
    }
    if (deleted) continue;
    const meta = await readMeta<ExperimentMeta>(storePaths.experimentMeta(root, id));
    if (!meta) {
      await writeExperiment(root, id, name, tags);
      return id;
    }
    if (meta.name === name && meta.lifecycle_stage === 'active') return id;
  }
}
