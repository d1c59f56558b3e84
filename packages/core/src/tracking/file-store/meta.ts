import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { TrackingError } from '../errors.js';
import type { RunStatus } from '../types.js';
import { writeFileAtomic } from './atomic.js';

/** `mlflow.entities.RunStatus`: the FileStore stores the integer, the REST API the name. */
const STATUS_CODES: Record<RunStatus, number> = { RUNNING: 1, FINISHED: 3, FAILED: 4, KILLED: 5 };
const STATUS_NAMES = new Map<number, RunStatus | 'SCHEDULED'>([[1, 'RUNNING'], [2, 'SCHEDULED'], [3, 'FINISHED'], [4, 'FAILED'], [5, 'KILLED']]);

/** `SourceType.LOCAL`, which MLflow 2.x writes into every run's meta.yaml. */
const SOURCE_TYPE_LOCAL = 4;

export interface ExperimentMeta {
  artifact_location: string;
  creation_time: number;
  experiment_id: string;
  last_update_time: number;
  lifecycle_stage: 'active' | 'deleted';
  name: string;
}

export interface RunMeta {
  artifact_uri: string;
  end_time: number | null;
  entry_point_name: string;
  experiment_id: string;
  lifecycle_stage: 'active' | 'deleted';
  run_id: string;
  run_name: string;
  run_uuid: string;
  source_name: string;
  source_type: number;
  source_version: string;
  start_time: number;
  status: number;
  tags: never[];
  user_id: string;
}

export function newRunMeta(fields: { runId: string; experimentId: string; runName: string; artifactUri: string; userId: string; startTime: number }): RunMeta {
  return {
    artifact_uri: fields.artifactUri,
    end_time: null,
    entry_point_name: '',
    experiment_id: fields.experimentId,
    lifecycle_stage: 'active',
    run_id: fields.runId,
    run_name: fields.runName,
    run_uuid: fields.runId,
    source_name: '',
    source_type: SOURCE_TYPE_LOCAL,
    source_version: '',
    start_time: fields.startTime,
    status: STATUS_CODES.RUNNING,
    tags: [],
    user_id: fields.userId,
  };
}

export function statusCode(status: RunStatus): number {
  return STATUS_CODES[status];
}

/** SCHEDULED (a state only MLflow Projects use) reads as RUNNING: the run has not ended. */
export function statusName(code: unknown): RunStatus {
  const name = STATUS_NAMES.get(Number(code ?? 1));
  return name === undefined || name === 'SCHEDULED' ? 'RUNNING' : name;
}

/** PyYAML's layout: keys sorted, strings that look like numbers single-quoted (`experiment_id: '0'`). */
export function toYaml(value: object): string {
  return stringify(value, { sortMapEntries: true, singleQuote: true });
}

export async function writeMeta(path: string, value: object, tempDir: string): Promise<void> {
  await writeFileAtomic(path, toYaml(value), tempDir);
}

/** Reads a meta.yaml; `undefined` when the file does not exist (a folder that is not an experiment or run). */
export async function readMeta<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const value = parse(text) as unknown;
    if (value === null || typeof value !== 'object') throw new Error('not a mapping');
    return value as T;
  } catch (error) {
    throw new TrackingError(path, `expected MLflow meta.yaml (a YAML mapping), ${(error as Error).message}; repair or remove the file`, { cause: error });
  }
}
