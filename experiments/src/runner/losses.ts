import { readFile } from 'node:fs/promises';

export interface LossLine {
  readonly step: number;
  readonly [term: string]: number;
}

/** A trial's losses.jsonl (one line per step), or nothing when it has none yet. */
export async function readLosses(file: string): Promise<LossLine[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LossLine);
}

/** Columns of a losses line that are not loss terms. */
export const NOT_LOSS_TERMS = new Set(['step', 'lrFactor', 'seconds']);
