import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTracker, TrackingError, type TrackedRun, type Tracker } from '../../src/tracking/index.js';
import { FIXTURES, listFilesRecursive } from './support/fixtures.js';

const LOCAL = join(FIXTURES, 'mlruns-local');
const CONTEXT_TAGS = ['mlflow.user', 'mlflow.source.name', 'mlflow.source.type'];

/** Writes what the fixture's Python script logged: a parent and two children of `hybrid-loss-ablation`. */
async function writeAblation(tracker: Tracker, scratch: string) {
  const experimentId = await tracker.ensureExperiment('hybrid-loss-ablation', { 'hdr-lab.kind': 'ablation' });
  const parent = await tracker.createRun(experimentId, { runName: 'ablation-parent', tags: { 'hdr-lab.config_hash': 'abc123' } });
  await parent.logParams({ base_config: 'configs/experiments/hybrid-loss/ablation.yaml' });
  const children: TrackedRun[] = [];
  for (const [variant, gan] of [['rec', 'False'], ['rec+gan', 'True']] as const) {
    const child = await tracker.createRun(experimentId, { runName: variant, parentRunId: parent.runId, tags: { 'hdr-lab.variant': variant } });
    await child.logParams({ lr: '2e-05', 'loss.gan': gan });
    await child.logMetrics([0, 1, 2].map((step) => ({ key: 'loss/total', value: 1 / (step + 1), step, timestamp: 1_700_000_000_000 + step })));
    await child.logMetrics([{ key: 'rangewise/psnr_mean', value: 30.5, step: 0 }]);
    const evalDir = join(scratch, `eval-${variant}`);
    await mkdir(evalDir, { recursive: true });
    await writeFile(join(evalDir, 'metrics.json'), '{"psnr": 30.5}');
    await child.logArtifact(join(evalDir, 'metrics.json'), 'eval');
    await child.end('FINISHED');
    children.push(child);
  }
  await parent.end('FINISHED');
  return { experimentId, parent, children };
}

/** Replaces experiment and run ids by stable names (`<exp>`, `<run:rec+gan>`) so two stores compare. */
async function normalisedFiles(root: string, experimentId: string): Promise<string[]> {
  const names = new Map<string, string>([[experimentId, '<exp>']]);
  for (const entry of await readdir(join(root, experimentId), { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'tags') continue;
    const meta = parse(await readFile(join(root, experimentId, entry.name, 'meta.yaml'), 'utf8')) as { run_name: string };
    names.set(entry.name, `<run:${meta.run_name}>`);
  }
  return (await listFilesRecursive(root)).map((path) => path.split('/').map((part) => names.get(part) ?? part).join('/')).sort();
}

async function readYaml(path: string): Promise<Record<string, unknown>> {
  return parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

function shape(meta: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).map(([key, value]) => [key, value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value]));
}

describe('FileStore writer against MLflow 2.9 (mlruns-local)', () => {
  let scratch: string;
  let root: string;
  let written: Awaited<ReturnType<typeof writeAblation>>;
  const fixtureExperiment = '915251487434814236';

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'hdr-lab-filestore-'));
    root = join(scratch, 'mlruns');
    const tracker = createTracker({ cwd: scratch, env: { USER: 'researcher' } });
    expect(tracker.uri).toBe(root);
    written = await writeAblation(tracker, scratch);
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('writes the same files as MLflow, plus only the default run-context tags and the name index', async () => {
    const ours = await normalisedFiles(root, written.experimentId);
    const reference = await normalisedFiles(LOCAL, fixtureExperiment);
    const contextFiles = ours.filter((path) => CONTEXT_TAGS.some((tag) => path.endsWith(`/tags/${tag}`)));
    expect(contextFiles).toHaveLength(3 * CONTEXT_TAGS.length);
    const indexFiles = ours.filter((path) => path.startsWith('.hdr-lab-experiment-'));
    expect(indexFiles).toHaveLength(1);
    expect(ours.filter((path) => !contextFiles.includes(path) && !indexFiles.includes(path))).toEqual(reference);
    expect(ours.some((path) => path.includes('.hdr-lab-tmp'))).toBe(false);
    expect((await readdir(root)).includes('.trash')).toBe(true);
  });

  it("writes each meta.yaml with MLflow's keys and value types", async () => {
    const pairs: [string, string][] = [
      [join(root, '0', 'meta.yaml'), join(LOCAL, '0', 'meta.yaml')],
      [join(root, written.experimentId, 'meta.yaml'), join(LOCAL, fixtureExperiment, 'meta.yaml')],
      [join(root, written.experimentId, written.parent.runId, 'meta.yaml'), join(LOCAL, fixtureExperiment, 'bd8f563d5dc4440f90f71a9b77f1d594', 'meta.yaml')],
      [join(root, written.experimentId, written.children[0]!.runId, 'meta.yaml'), join(LOCAL, fixtureExperiment, '737dc5f4cc7a4d45b34c51b99fa687e0', 'meta.yaml')],
    ];
    for (const [oursPath, referencePath] of pairs) {
      const [ours, reference] = [await readYaml(oursPath), await readYaml(referencePath)];
      expect(shape(ours), oursPath).toEqual(shape(reference));
    }
    const run = await readYaml(join(root, written.experimentId, written.children[1]!.runId, 'meta.yaml'));
    expect(run).toMatchObject({ run_id: written.children[1]!.runId, run_uuid: written.children[1]!.runId, run_name: 'rec+gan', status: 3, source_type: 4, user_id: 'researcher', lifecycle_stage: 'active', tags: [] });
    expect(run.artifact_uri).toBe(pathToFileURL(join(root, written.experimentId, written.children[1]!.runId, 'artifacts')).href);
    expect(/^\d{1,19}$/.test(written.experimentId)).toBe(true);
    const text = await readFile(join(root, written.experimentId, 'meta.yaml'), 'utf8');
    expect(text).toContain(`experiment_id: '${written.experimentId}'`);
    expect(text).toContain(`artifact_location: ${pathToFileURL(join(root, written.experimentId)).href}\n`);
  });

  it('writes metric lines as `<timestamp> <python float> <step>` and params and tags without a newline', async () => {
    const child = join(root, written.experimentId, written.children[0]!.runId);
    const reference = join(LOCAL, fixtureExperiment, '737dc5f4cc7a4d45b34c51b99fa687e0');
    expect(await readFile(join(child, 'metrics', 'loss', 'total'), 'utf8')).toBe(await readFile(join(reference, 'metrics', 'loss', 'total'), 'utf8'));
    expect(await readFile(join(child, 'metrics', 'rangewise', 'psnr_mean'), 'utf8')).toMatch(/^\d{13} 30\.5 0\n$/);
    for (const file of ['params/lr', 'params/loss.gan', 'tags/mlflow.parentRunId', 'tags/mlflow.runName', 'artifacts/eval/metrics.json']) {
      const expected = (await readFile(join(reference, file), 'utf8')).replace('bd8f563d5dc4440f90f71a9b77f1d594', written.parent.runId);
      expect(await readFile(join(child, file), 'utf8'), file).toBe(expected);
    }
  });

  it('reads the runs back: findRuns by parent tag, metric history, artifacts', async () => {
    const tracker = createTracker({ uri: pathToFileURL(root).href });
    const found = await tracker.findRuns(written.experimentId, { key: 'mlflow.parentRunId', value: written.parent.runId });
    expect(found.map((run) => run.runId).sort()).toEqual(written.children.map((run) => run.runId).sort());
    expect(found.every((run) => run.status === 'FINISHED')).toBe(true);
    expect(await tracker.findRuns(written.experimentId, { key: 'hdr-lab.variant', value: 'rec+gan' })).toEqual([{ runId: written.children[1]!.runId, status: 'FINISHED' }]);
    const history = await written.children[0]!.getMetricHistory('loss/total');
    expect(history.map((point) => [point.step, point.value, point.timestamp])).toEqual([
      [0, 1, 1_700_000_000_000],
      [1, 0.5, 1_700_000_000_001],
      [2, 1 / 3, 1_700_000_000_002],
    ]);
    expect(await written.children[0]!.listArtifacts()).toEqual([{ path: 'eval', isDir: true }]);
    expect(await written.children[0]!.listArtifacts('eval')).toEqual([{ path: 'eval/metrics.json', isDir: false, fileSize: 14 }]);
    expect(await tracker.ensureExperiment('hybrid-loss-ablation')).toBe(written.experimentId);
  });

  it('reopens a run as RUNNING, keeps params immutable, and ends it again', async () => {
    const tracker = createTracker({ uri: root });
    const runId = written.children[0]!.runId;
    const run = await tracker.openRun(runId);
    const metaPath = join(root, written.experimentId, runId, 'meta.yaml');
    expect(await readYaml(metaPath)).toMatchObject({ status: 1, end_time: null });
    expect((await tracker.findRuns(written.experimentId, { key: 'hdr-lab.variant', value: 'rec' }))[0]!.status).toBe('RUNNING');
    await run.logParams({ lr: '2e-05' });
    await expect(run.logParams({ lr: '1e-04' })).rejects.toThrow(/param 'lr'.*'2e-05'.*'1e-04'/);
    await expect(run.logParams({ lr: '1e-04' })).rejects.toBeInstanceOf(TrackingError);
    await run.logMetrics([{ key: 'loss/total', value: 0.25, step: 3, timestamp: 1_700_000_000_003 }]);
    expect((await run.getMetricHistory('loss/total')).map((point) => point.value)).toEqual([1, 0.5, 1 / 3, 0.25]);
    const outputs = join(scratch, 'outputs');
    await mkdir(join(outputs, 'images'), { recursive: true });
    await writeFile(join(outputs, 'images', 'a.exr'), 'exr');
    await writeFile(join(outputs, 'summary.json'), '{}');
    await run.logArtifact(outputs, 'trial');
    expect(await run.listArtifacts('trial')).toEqual([
      { path: 'trial/images', isDir: true },
      { path: 'trial/summary.json', isDir: false, fileSize: 2 },
    ]);
    await run.end('KILLED');
    expect(await readYaml(metaPath)).toMatchObject({ status: 5 });
    await expect(tracker.openRun('0000')).rejects.toThrow(/no active run with id 0000/);
  });

  it('refuses keys MLflow refuses, before they become paths', async () => {
    const run = await createTracker({ uri: root }).openRun(written.children[1]!.runId);
    await expect(run.logMetrics([{ key: '../escape', value: 1, step: 0 }])).rejects.toThrow(/metric key "..\/escape"/);
    await expect(run.setTags({ 'a//b': 'x' })).rejects.toThrow(TrackingError);
    await expect(run.logParams({ p: 'x'.repeat(6001) })).rejects.toThrow(/6001 characters.*6000/);
    await run.logMetrics([]);
    await expect(readdir(join(root, written.experimentId, run.runId, 'metrics'))).resolves.toEqual(['loss', 'rangewise']);
    await run.end('FINISHED');
  });

  it('reads a store MLflow wrote: finds the fixture runs and their history', async () => {
    const copy = join(scratch, 'mlruns-local');
    await cp(LOCAL, copy, { recursive: true });
    const tracker = createTracker({ uri: copy });
    expect(await tracker.ensureExperiment('hybrid-loss-ablation')).toBe(fixtureExperiment);
    const children = await tracker.findRuns(fixtureExperiment, { key: 'mlflow.parentRunId', value: 'bd8f563d5dc4440f90f71a9b77f1d594' });
    expect(children.map((run) => run.runId).sort()).toEqual(['737dc5f4cc7a4d45b34c51b99fa687e0', 'a9b6e3a263b44aebaec6c881587cb75a']);
    const run = await tracker.openRun('a9b6e3a263b44aebaec6c881587cb75a');
    expect((await run.getMetricHistory('rangewise/psnr_mean')).map((point) => point.value)).toEqual([30.5]);
    await run.logParams({ 'loss.gan': 'True' });
    await expect(run.logParams({ 'loss.gan': 'False' })).rejects.toThrow(/loss\.gan/);
  });

  it('rejects tracking URIs it cannot serve, naming them', () => {
    expect(() => createTracker({ uri: 'databricks://profile' })).toThrow(/tracking URI 'databricks:\/\/profile'/);
    expect(createTracker({ env: { MLFLOW_TRACKING_URI: 'file:./elsewhere' }, cwd: '/tmp/x' }).uri).toBe('/tmp/x/elsewhere');
    expect(createTracker({ env: {}, cwd: '/tmp/x' }).uri).toBe('/tmp/x/mlruns');
    expect(createTracker({ env: { MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000' } }).uri).toBe('http://127.0.0.1:5000');
  });
});
