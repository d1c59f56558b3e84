import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTracker, TrackingError, type Tracker } from '../../src/tracking/index.js';
import { MiniMlflow } from './support/mini-mlflow.js';

const FAST = { retries: 2, baseDelayMs: 2, maxDelayMs: 20, timeoutMs: 2000 };

describe('REST tracker against an MLflow server', () => {
  const server = new MiniMlflow();
  let scratch: string;
  let tracker: Tracker;
  const env = { USER: 'researcher', MLFLOW_TRACKING_TOKEN: 'secret-token' };

  beforeAll(async () => {
    await server.start();
    scratch = await mkdtemp(join(tmpdir(), 'hdr-lab-rest-'));
  });
  afterAll(async () => {
    await server.stop();
    await rm(scratch, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await tracker?.close();
    tracker = createTracker({ uri: server.uri, env, spoolDir: join(scratch, 'spool'), retry: FAST });
    server.requests.length = 0;
  });

  it('logs a parent and its children through the endpoints the official client uses', async () => {
    const experimentId = await tracker.ensureExperiment('transcript-demo', { 'hdr-lab.kind': 'ablation' });
    expect(await tracker.ensureExperiment('transcript-demo')).toBe(experimentId);
    expect(server.experiments.get(experimentId)?.tags).toEqual([{ key: 'hdr-lab.kind', value: 'ablation' }]);
    const parent = await tracker.createRun(experimentId, { runName: 'parent', startTime: 1_795_513_910_001 });
    const child = await tracker.createRun(experimentId, { runName: 'child-rec', parentRunId: parent.runId, tags: { 'hdr-lab.variant': 'rec' } });
    const stored = server.runs.get(child.runId)!;
    expect(Object.fromEntries(stored.tags)).toMatchObject({ 'mlflow.parentRunId': parent.runId, 'mlflow.runName': 'child-rec', 'mlflow.user': 'researcher', 'mlflow.source.type': 'LOCAL', 'hdr-lab.variant': 'rec' });
    expect(stored.info).toMatchObject({ user_id: 'researcher', status: 'RUNNING', artifact_uri: `mlflow-artifacts:/${experimentId}/${child.runId}/artifacts` });
    expect(server.runs.get(parent.runId)!.info.start_time).toBe(1_795_513_910_001);

    await child.logParams({ lr: '2e-05' });
    await child.logParams({ lr: '2e-05' });
    await child.logMetrics([
      { key: 'loss/total', value: 0.5, step: 0, timestamp: 1_795_513_910_001 },
      { key: 'loss/total', value: 0.25, step: 1, timestamp: 1_795_513_910_002 },
      { key: 'psnr', value: NaN, step: 0, timestamp: 1_795_513_910_001 },
    ]);
    await child.setTags({ note: 'hello' });
    const evalDir = join(scratch, 'eval');
    await mkdir(join(evalDir, 'nested'), { recursive: true });
    await writeFile(join(evalDir, 'metrics.json'), '{"psnr": 30.5}');
    await writeFile(join(evalDir, 'nested', 'table.md'), '| a |');
    await child.logArtifact(evalDir, 'eval');
    await child.logArtifact(join(evalDir, 'metrics.json'));
    await child.end('FINISHED');
    await parent.end('FINISHED');

    const paths = server.requests.map((request) => `${request.method} ${request.path.split('?')[0]}`);
    expect(paths).toContain('POST /api/2.0/mlflow/runs/set-tag');
    expect(paths).toContain(`PUT /api/2.0/mlflow-artifacts/artifacts/${experimentId}/${child.runId}/artifacts/eval/metrics.json`);
    expect(paths).toContain(`PUT /api/2.0/mlflow-artifacts/artifacts/${experimentId}/${child.runId}/artifacts/eval/nested/table.md`);
    expect(paths).toContain(`PUT /api/2.0/mlflow-artifacts/artifacts/${experimentId}/${child.runId}/artifacts/metrics.json`);
    expect(paths.filter((path) => path === 'POST /api/2.0/mlflow/runs/log-batch')).toHaveLength(2);
    expect(server.requests.every((request) => request.headers.authorization === 'Bearer secret-token')).toBe(true);

    expect(await child.listArtifacts('eval')).toEqual([
      { path: 'eval/metrics.json', isDir: false, fileSize: 14 },
      { path: 'eval/nested', isDir: true },
    ]);
    expect(server.requests.at(-1)!.path).toBe(`/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(`${experimentId}/${child.runId}/artifacts/eval`)}`);
    const history = await child.getMetricHistory('loss/total');
    expect(history).toEqual([
      { key: 'loss/total', value: 0.5, step: 0, timestamp: 1_795_513_910_001 },
      { key: 'loss/total', value: 0.25, step: 1, timestamp: 1_795_513_910_002 },
    ]);
    expect((await child.getMetricHistory('psnr'))[0]!.value).toBeNaN();
    expect(server.runs.get(child.runId)!.info).toMatchObject({ status: 'FINISHED' });

    const children = await tracker.findRuns(experimentId, { key: 'mlflow.parentRunId', value: parent.runId });
    expect(children).toEqual([{ runId: child.runId, status: 'FINISHED' }]);
    const search = server.requests.at(-1)!.body as { filter: string; max_results: number };
    expect(search).toMatchObject({ filter: `tags.\`mlflow.parentRunId\` = '${parent.runId}'`, max_results: 1000 });
  });

  it('pages through runs/search', async () => {
    const experimentId = await tracker.ensureExperiment('paged');
    const runIds: string[] = [];
    for (let index = 0; index < 5; index += 1) runIds.push((await tracker.createRun(experimentId, { runName: `t${index}`, tags: { sweep: "it's" } })).runId);
    server.searchPageSize = 2;
    try {
      const found = await tracker.findRuns(experimentId, { key: 'sweep', value: "it's" });
      expect(found.map((run) => run.runId).sort()).toEqual(runIds.sort());
      expect(server.requests.filter((request) => request.path === '/api/2.0/mlflow/runs/search')).toHaveLength(3);
      expect((server.requests.at(-1)!.body as { filter: string }).filter).toBe('tags.`sweep` = "it\'s"');
    } finally {
      server.searchPageSize = 1000;
    }
  });

  it('splits large batches within the limits: 1000 metrics, 100 params, 100 tags, 1000 items', async () => {
    const experimentId = await tracker.ensureExperiment('limits');
    const run = await tracker.createRun(experimentId, { runName: 'big' });
    const params = Object.fromEntries(Array.from({ length: 250 }, (_, index) => [`p${index}`, String(index)]));
    const tags = Object.fromEntries(Array.from({ length: 150 }, (_, index) => [`t${index}`, String(index)]));
    const points = Array.from({ length: 2500 }, (_, index) => ({ key: index % 2 ? 'loss/a' : 'loss/b', value: index / 7, step: index, timestamp: 1_700_000_000_000 + index }));
    await run.logParams(params);
    await run.setTags(tags);
    await run.logMetrics(points);
    const batches = server.requests.filter((request) => request.path === '/api/2.0/mlflow/runs/log-batch').map((request) => request.body as Record<string, unknown[] | undefined>);
    for (const batch of batches) {
      const [m, p, t] = [batch.metrics?.length ?? 0, batch.params?.length ?? 0, batch.tags?.length ?? 0];
      expect(m).toBeLessThanOrEqual(1000);
      expect(p).toBeLessThanOrEqual(100);
      expect(t).toBeLessThanOrEqual(100);
      expect(m + p + t).toBeLessThanOrEqual(1000);
    }
    expect(batches).toHaveLength(3 + 2 + 3);
    const stored = server.runs.get(run.runId)!;
    expect(stored.params.size).toBe(250);
    expect(stored.tags.get('t149')).toBe('149');
    expect(server.history(run.runId, 'loss/a').map((point) => point.step)).toEqual(points.filter((_, index) => index % 2).map((point) => point.step));
    expect(server.history(run.runId, 'loss/b')).toHaveLength(1250);
  });

  it('sends basic auth when there is no token', async () => {
    const basic = createTracker({ uri: server.uri, env: { MLFLOW_TRACKING_USERNAME: 'ann', MLFLOW_TRACKING_PASSWORD: 'pw' }, spoolDir: join(scratch, 'spool'), retry: FAST });
    await basic.ensureExperiment('auth');
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('ann:pw').toString('base64')}`);
    await basic.close();
  });

  it("throws TrackingError with the endpoint, status and MLflow's error_code and message", async () => {
    const error = await tracker.openRun('0000').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TrackingError);
    expect(error).toMatchObject({ status: 404, errorCode: 'RESOURCE_DOES_NOT_EXIST', endpoint: 'GET /api/2.0/mlflow/runs/get' });
    expect((error as Error).message).toBe("GET /api/2.0/mlflow/runs/get: HTTP 404 RESOURCE_DOES_NOT_EXIST: Run '0000' not found");
    await expect(tracker.createRun('123', { runName: 'x' })).rejects.toThrow(/HTTP 404 RESOURCE_DOES_NOT_EXIST: Could not find experiment with ID 123/);

    const wrongRoot = createTracker({ uri: `${server.uri}/not-mlflow`, env: {}, spoolDir: join(scratch, 'spool'), retry: FAST });
    await expect(wrongRoot.ensureExperiment('x')).rejects.toThrow(/HTTP 404: 404 Not Found Not Found The requested URL was not found.*is the URI its root/);
    await wrongRoot.close();
  });

  it('refuses a changed param: locally when known, from the server (HTTP 500 INTERNAL_ERROR) otherwise, without spooling it', async () => {
    const experimentId = await tracker.ensureExperiment('immutable');
    const run = await tracker.createRun(experimentId, { runName: 'r' });
    await run.logParams({ lr: '2e-05' });
    const before = server.requests.length;
    await expect(run.logParams({ lr: '1e-04' })).rejects.toThrow(/param 'lr' was already logged as '2e-05'.*'1e-04'/);
    expect(server.requests.length).toBe(before);

    const other = createTracker({ uri: server.uri, env: {}, spoolDir: join(scratch, 'spool-other'), retry: FAST });
    await (await other.openRun(run.runId)).logParams({ batch: '8' });
    const error = await run.logParams({ batch: '16' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 500, errorCode: 'INTERNAL_ERROR' });
    expect((error as Error).message).toMatch(/Changing param values is not allowed. Param with key='batch'/);
    await other.close();
    await tracker.flush();
    expect(server.runs.get(run.runId)!.params.get('batch')).toBe('8');
  });

  it('reopens a run as RUNNING and knows its params', async () => {
    const experimentId = await tracker.ensureExperiment('resume');
    const run = await tracker.createRun(experimentId, { runName: 'trial' });
    await run.logParams({ seed: '1' });
    await run.end('FAILED');
    const reopened = await tracker.openRun(run.runId);
    expect(server.runs.get(run.runId)!.info.status).toBe('RUNNING');
    await expect(reopened.logParams({ seed: '2' })).rejects.toThrow(/param 'seed'/);
    await reopened.end('FINISHED');
    expect(await tracker.findRuns(experimentId, { key: 'mlflow.runName', value: 'trial' })).toEqual([{ runId: run.runId, status: 'FINISHED' }]);
  });

  it('survives a race on experiment creation (RESOURCE_ALREADY_EXISTS, then get again)', async () => {
    server.faults.push({
      kind: 'before',
      times: 1,
      match: (method, path) => method === 'POST' && path === '/api/2.0/mlflow/experiments/create',
      hook: () => {
        const now = Date.now();
        server.experiments.set('777', { experiment_id: '777', name: 'raced', artifact_location: 'mlflow-artifacts:/777', lifecycle_stage: 'active', creation_time: now, last_update_time: now, tags: [] });
      },
    });
    expect(await tracker.ensureExperiment('raced')).toBe('777');
    expect(server.requests.map((request) => request.path.split('?')[0])).toEqual([
      '/api/2.0/mlflow/experiments/get-by-name',
      '/api/2.0/mlflow/experiments/create',
      '/api/2.0/mlflow/experiments/get-by-name',
    ]);
  });
});
