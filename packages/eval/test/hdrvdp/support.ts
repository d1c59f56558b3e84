import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The stand-in checkouts: hdrvdp.m of 2.2.x, hdrvdp3.m of 3.x. */
export const V2 = fileURLToPath(new URL('../fixtures/hdrvdp/v2', import.meta.url));
export const V3 = fileURLToPath(new URL('../fixtures/hdrvdp/v3', import.meta.url));

/** Makes fresh temporary directories on request, all removed after the file's tests. */
export function scratchDirs(prefix: string): () => Promise<string> {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
