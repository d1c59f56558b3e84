import { readFile, writeFile } from 'node:fs/promises';

export interface LossLine {
  readonly step: number;
  readonly [term: string]: number;
}

/** A run's losses.jsonl (one line per step), or nothing when it has none yet. */
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

/** Keeps losses.jsonl consistent with a resumed checkpoint: lines after its step are from work that was lost. */
export async function truncateLosses(file: string, step: number): Promise<void> {
  const lines = await readLosses(file);
  const kept = lines.filter((line) => line.step <= step);
  if (kept.length < lines.length) await writeFile(file, kept.map((line) => `${JSON.stringify(line)}\n`).join(''));
}
