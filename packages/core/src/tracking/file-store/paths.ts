import { join } from 'node:path';

/** Where MLflow's FileStore keeps each thing, relative to the store's root folder. */
export const storePaths = {
  experimentDir: (root: string, experimentId: string) => join(root, experimentId),
  experimentMeta: (root: string, experimentId: string) => join(root, experimentId, 'meta.yaml'),
  experimentTag: (root: string, experimentId: string, key: string) => join(root, experimentId, 'tags', key),
  trash: (root: string) => join(root, '.trash'),
  runDir: (root: string, experimentId: string, runId: string) => join(root, experimentId, runId),
  runMeta: (runDir: string) => join(runDir, 'meta.yaml'),
  param: (runDir: string, key: string) => join(runDir, 'params', key),
  metric: (runDir: string, key: string) => join(runDir, 'metrics', key),
  tag: (runDir: string, key: string) => join(runDir, 'tags', key),
  /** A file at the root, which MLflow never reads (it lists only folders there), mapping a name to its id. */
  nameIndex: (root: string, digest: string) => join(root, `.hdr-lab-experiment-${digest}`),
};

/** Folders inside an experiment that are not runs (MLflow's `RESERVED_EXPERIMENT_FOLDERS`). */
export const RESERVED_EXPERIMENT_FOLDERS = new Set(['tags', 'datasets', 'traces']);

/** The default experiment MLflow creates with every new store. */
export const DEFAULT_EXPERIMENT = { id: '0', name: 'Default' } as const;
