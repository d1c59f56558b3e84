import { hostname } from 'node:os';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTracker, TrackingError, type Tracker } from '../../src/tracking/index.js';
import { MiniMlflow } from './support/mini-mlflow.js';

const FAST = { retries: 3, baseDelayMs: 2, maxDelayMs: 2000, timeoutMs: 2000 };
const isLogBatch = (method: string, path: string) => method === 'POST' && path === '/api/2.0/mlflow/runs/log-batch';

/** A pid no process on this machine has: above Linux's pid_max. */
const DEAD_PID = 4_194_305;

describe('REST tracker under faults', () => {
  const server = new MiniMlflow();
  let scratch: string;
  let spoolDir: string;
  let tracker: Tracker;
  let experimentId: string;

  const points = (from: number, count: number) => Array.from({ length: count }, (_, index) => ({ key: 'loss/total', value: (from + index) / 3, step: from + index, timestamp: 1_700_000_000_000 + from + index }));
  const steps = (runId: string) => server.history(runId, 'loss/total').map((point) => point.step);
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);

  beforeAll(async () => {
    await server.start();
    scratch = await mkdtemp(join(tmpdir(), 'hdr-lab-faults-'));
  });
  afterAll(async () => {
    await server.stop();
    await rm(scratch, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await tracker?.close().catch(() => undefined);
    spoolDir = await mkdtemp(join(scratch, 'spool-'));
    tracker = createTracker({ uri: server.uri, env: {}, spoolDir, retry: FAST, spoolRetryMs: 0 });
    experimentId = await tracker.ensureExperiment('faults');
    server.requests.length = 0;
    server.faults.length = 0;
  });

  it('retries 500, 502, 503, 504 and 408 with backoff, then succeeds', async () => {
    const run = await tracker.createRun(experimentId, { runName: 'flaky' });
    for (const status of [500, 502, 503, 504, 408]) server.faults.push({ kind: 'status', status, times: 1, match: isLogBatch });
    for (let index = 0; index < 5; index += 1) await run.logMetrics(points(index, 1));
    expect(steps(run.runId)).toEqual(range(0, 5));
    expect(server.requests.filter((request) => request.path === '/api/2.0/mlflow/runs/log-batch')).toHaveLength(10);
  });

  it('honours Retry-After on 429', async () => {
    const run = await tracker.createRun(experimentId, { runName: 'throttled' });
    server.faults.push({ kind: 'status', status: 429, retryAfter: '1', times: 1, match: isLogBatch });
    const started = Date.now();
    await run.logMetrics(points(0, 3));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(steps(run.runId)).toEqual([0, 1, 2]);
  });

  it('retries connection resets, and drops points the server already took when the ack was lost', async () => {
    const run = await tracker.createRun(experimentId, { runName: 'reset' });
    server.faults.push({ kind: 'reset', times: 1, match: isLogBatch });
    await run.logMetrics(points(0, 2));
    server.faults.push({ kind: 'reset-after', times: 2, match: isLogBatch });
    await run.logMetrics(points(2, 3));
    expect(steps(run.runId)).toEqual(range(0, 5));
    expect(server.requests.some((request) => request.path.startsWith('/api/2.0/mlflow/metrics/get-history'))).toBe(true);
  });

  it('retries a request that gets no answer within the timeout', async () => {
    const run = await tracker.createRun(experimentId, { runName: 'timeout' });
    const patient = createTracker({ uri: server.uri, env: {}, spoolDir, retry: { ...FAST, timeoutMs: 150 } });
    const same = await patient.openRun(run.runId);
    server.faults.push({ kind: 'hang', times: 1, match: isLogBatch });
    const started = Date.now();
    await same.logMetrics(points(0, 2));
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(steps(run.runId)).toEqual([0, 1]);
    await patient.close();
  });

  it('spools while the server is down and replays everything exactly once, in order, when it is back', async () => {
    const run = await tracker.createRun(experimentId, { runName: 'downtime' });
    await run.logParams({ lr: '2e-05' });
    await run.logMetrics(points(0, 10));
    await server.stop();

    const artifact = join(scratch, 'report.md');
    await writeFile(artifact, '# during downtime');
    await run.logMetrics(points(10, 1500));
    await run.logParams({ 'loss.gan': 'True' });
    await run.setTags({ phase: 'down' });
    await run.logArtifact(artifact, 'reports');
    await writeFile(artifact, 'changed after logging');
    await run.end('FINISHED');
    const sessions = await readdir(spoolDir);
    expect(sessions).toHaveLength(1);
    expect((await readFile(join(spoolDir, sessions[0]!, 'records.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2 + 1 + 1 + 1 + 1);
    await expect(tracker.flush()).rejects.toThrow(/ECONNREFUSED.*the records stay in/);

    await server.start();
    await tracker.flush();
    expect(steps(run.runId)).toEqual(range(0, 1510));
    const stored = server.runs.get(run.runId)!;
    expect(Object.fromEntries(stored.params)).toEqual({ lr: '2e-05', 'loss.gan': 'True' });
    expect(stored.tags.get('phase')).toBe('down');
    expect(stored.info.status).toBe('FINISHED');
    expect(server.artifacts.get(`${experimentId}/${run.runId}/artifacts/reports/report.md`)?.toString()).toBe('# during downtime');
    expect(await readdir(spoolDir)).toEqual([]);
    for (const request of server.requests.filter((item) => item.path === '/api/2.0/mlflow/runs/log-batch')) {
      expect(((request.body as { metrics?: unknown[] }).metrics ?? []).length).toBeLessThanOrEqual(1000);
    }
  });

  it('replays the spool before any later call, keeping the order', async () => {
    const run = await tracker.createRun(experimentId, { runName: 'later-call' });
    await server.stop();
    await run.logMetrics(points(0, 3));
    await server.start();
    await run.logMetrics(points(3, 2));
    expect(steps(run.runId)).toEqual(range(0, 5));
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('fails loudly when a run must be created while the server is down', async () => {
    await server.stop();
    try {
      const error = await tracker.createRun(experimentId, { runName: 'impossible' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TrackingError);
      expect((error as Error).message).toMatch(/ECONNREFUSED.*creating a run cannot be deferred/);
    } finally {
      await server.start();
    }
  });

  it("adopts a dead process's spool and does not duplicate the record acknowledged just before it died", async () => {
    const run = await tracker.createRun(experimentId, { runName: 'crashed-worker' });
    await server.stop();
    const crashed = createTracker({ uri: server.uri, env: {}, spoolDir, retry: FAST, spoolRetryMs: 60_000 });
    const crashedRun = await (async () => {
      await server.start();
      const reopened = await crashed.openRun(run.runId);
      await server.stop();
      return reopened;
    })();
    await crashedRun.logMetrics(points(0, 4));
    await crashedRun.logMetrics(points(4, 4));
    const [session] = await readdir(spoolDir);
    await rename(join(spoolDir, session!), join(spoolDir, `${hostname().replaceAll('-', '_')}-${DEAD_PID}-0123456789ab`));

    await server.start();
    const firstRecord = JSON.parse((await readFile(join(spoolDir, `${hostname().replaceAll('-', '_')}-${DEAD_PID}-0123456789ab`, 'records.jsonl'), 'utf8')).split('\n')[0]!);
    const ack = await fetch(`${server.uri}/api/2.0/mlflow/runs/log-batch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(firstRecord.body) });
    expect(ack.status).toBe(200);
    expect(steps(run.runId)).toEqual(range(0, 4));

    const survivor = createTracker({ uri: server.uri, env: {}, spoolDir, retry: FAST });
    await survivor.flush();
    expect(steps(run.runId)).toEqual(range(0, 8));
    expect(await readdir(spoolDir)).toEqual([]);
    await survivor.close();
    await crashed.close();
  });

  it('keeps a record the server refuses in rejected.jsonl, delivers the rest, and says so', async () => {
    const run = await tracker.createRun(experimentId, { runName: 'rejected' });
    await run.logParams({ seed: '1' });
    await server.stop();
    const stale = createTracker({ uri: server.uri, env: {}, spoolDir, retry: FAST, spoolRetryMs: 0 });
    await server.start();
    const sameRun = await stale.openRun(run.runId);
    await server.stop();
    await sameRun.logParams({ width: '64' });
    await sameRun.logMetrics(points(0, 2));
    await server.start();
    await run.logParams({ width: '32' });
    await expect(stale.flush()).rejects.toThrow(/refused a spooled record.*rejected\.jsonl.*key='width'/);
    expect(steps(run.runId)).toEqual([0, 1]);
    expect(server.runs.get(run.runId)!.params.get('width')).toBe('32');
    expect((await readFile(join(spoolDir, 'rejected.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
    await stale.close();
  });
});
