import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** The reference stores written by a real MLflow 2.9 server and client (see their README). */
export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'mlflow-2.9');

/** Every file under `root`, as '/'-separated paths relative to it. */
export async function listFilesRecursive(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(relative(root, full).split(sep).join('/'));
    }
  }
  await walk(root);
  return out.sort();
}
