import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracker } from '../../src/tracking/index.js';

const WORKER = join(import.meta.dirname, 'support', 'file-worker.ts');

function startWorker(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: join(import.meta.dirname, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const ready = new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => ((out += chunk), out.includes('ready') && resolve())));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk));
  const done = new Promise<{ experimentId: string; runId: string }>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`worker exited ${code}: ${err}`)))),
  );
  return { ready, done };
}

describe('FileStore with several writer processes', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'hdr-lab-concurrent-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('creates one experiment when 4 processes ask for it at once, each writing its own run', async () => {
    const root = join(scratch, 'mlruns');
    const go = join(scratch, 'go');
    const workers = [0, 1, 2, 3].map((index) => startWorker([root, 'ablation', String(index), go]));
    await Promise.all(workers.map((worker) => worker.ready));
    await writeFile(go, '');
    const results = await Promise.all(workers.map((worker) => worker.done));
    const ids = new Set(results.map((result) => result.experimentId));
    expect(ids.size).toBe(1);
    const [experimentId] = [...ids] as [string];
    const experiments = (await readdir(root, { withFileTypes: true })).filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
    expect(experiments.sort()).toEqual(['0', experimentId].sort());
    expect((parse(await readFile(join(root, experimentId, 'meta.yaml'), 'utf8')) as { name: string }).name).toBe('ablation');
    const tracker = createTracker({ uri: root });
    for (const [index, { runId }] of results.entries()) {
      expect(await tracker.findRuns(experimentId, { key: 'hdr-lab.trial', value: String(index) })).toEqual([{ runId, status: 'FINISHED' }]);
      const lines = (await readFile(join(root, experimentId, runId, 'metrics', 'loss', 'total'), 'utf8')).trim().split('\n');
      expect(lines.map((line) => Number(line.split(' ')[2]))).toEqual([...Array(20).keys()]);
    }
  }, 60_000);

  it('completes an experiment whose creator died between claiming the name and writing meta.yaml', async () => {
    const root = join(scratch, 'crashed');
    const tracker = createTracker({ uri: root });
    const first = await tracker.ensureExperiment('first');
    const indexFile = (await readdir(root)).find((name) => name.startsWith('.hdr-lab-experiment-'))!;
    await rm(join(root, first), { recursive: true });
    await mkdir(join(root, first));
    expect(await tracker.ensureExperiment('first')).toBe(first);
    expect((parse(await readFile(join(root, first, 'meta.yaml'), 'utf8')) as { name: string }).name).toBe('first');
    expect((await readFile(join(root, indexFile), 'utf8')).trim()).toBe(first);
  });

  it('does not reuse an index whose experiment was renamed, and refuses a deleted name', async () => {
    const root = join(scratch, 'renamed');
    const tracker = createTracker({ uri: root });
    const original = await tracker.ensureExperiment('study');
    const metaPath = join(root, original, 'meta.yaml');
    await writeFile(metaPath, (await readFile(metaPath, 'utf8')).replace('name: study', 'name: study-old'));
    const fresh = await tracker.ensureExperiment('study');
    expect(fresh).not.toBe(original);
    expect(await tracker.ensureExperiment('study')).toBe(fresh);
    await rename(join(root, fresh), join(root, '.trash', fresh));
    await expect(tracker.ensureExperiment('study')).rejects.toThrow(/experiment 'study' \(id \d+\) is deleted; restore it/);
  });
});
