import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { MiniMlflow } from '../../packages/core/test/tracking/support/mini-mlflow.js';
import { runCli } from './support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'packages', 'core', 'test', 'fixtures', 'mlflow-2.9');
const work = mkdtempSync(join(tmpdir(), 'hdr-lab-runner-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

writeFileSync(
  join(work, 'prepare.yaml'),
  `name: tiny\ninputs: [${join(ROOT, 'data', 'samples')}]\nout: prepared\nseed: 3\ncrop: { mode: random, count: 2, side: [0.3, 0.6], size: 32 }\nsplit: { test: 0.17 }\n`,
);

function experiment(name: string, steps: number, variants = '{ a: { model.preset: rec }, b: { model.preset: rec_gan } }', evaluation = '{ metrics: [psnr-tm], figures: 1 }'): string {
  const file = join(work, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}
data: { prepare: prepare.yaml }
model: { id: hybrid-loss-gan, preset: rec, tiny: true }
train: { steps: ${steps}, batchSize: 2, checkpointEvery: 5, logEvery: 5 }
eval: ${evaluation}
ablation: { variants: ${variants} }
runner: { heartbeatSeconds: 0.2 }
tracking: { uri: mlruns }
out: runs/${name}
`,
  );
  return file;
}

const engine = ['--backend', 'wasm', '--threads', '1'];
const trial = (name: string, variant: string) => JSON.parse(readFileSync(join(work, 'runs', name, 'trials', variant, 'trial.json'), 'utf8')) as Record<string, unknown>;
const lossSteps = (name: string, variant: string) =>
  readFileSync(join(work, 'runs', name, 'trials', variant, 'train', 'losses.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { step: number }).step);
const range = (n: number) => Array.from({ length: n }, (_, index) => index + 1);

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 120_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    let value: T | undefined;
    try {
      value = probe();
    } catch {
      value = undefined;
    }
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The FileStore's runs of one experiment: meta, tags, params and metric histories. */
function storeRuns(store: string) {
  const experiments = readdirSync(store).filter((entry) => /^\d+$/.test(entry) && entry !== '0');
  expect(experiments).toHaveLength(1);
  const dir = join(store, experiments[0]!);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[0-9a-f]{32}$/.test(entry.name))
    .map((entry) => {
      const run = join(dir, entry.name);
      const readAll = (sub: string) =>
        Object.fromEntries(readdirSync(join(run, sub), { recursive: true, withFileTypes: true }).filter((file) => file.isFile()).map((file) => {
          const path = join(file.parentPath, file.name);
          return [path.slice(join(run, sub).length + 1), readFileSync(path, 'utf8')];
        }));
      return { id: entry.name, dir: run, meta: parseYaml(readFileSync(join(run, 'meta.yaml'), 'utf8')) as Record<string, unknown>, tags: readAll('tags'), params: readAll('params'), metrics: readAll('metrics') };
    });
}

describe('experiment runner', () => {
  it('resumes a runner killed by SIGKILL in the middle of a trial: the trial continues from its checkpoint, each step logged once', async () => {
    const config = experiment('killed', 60);
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@hdr-lab/source', join(import.meta.dirname, 'support', 'cli-process.ts'), 'ablation', '--config', config, ...engine], {
      cwd: join(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const worker = await until('trial a to pass step 10 with a checkpoint', () => {
      const record = trial('killed', 'a');
      return (record['step'] as number) >= 10 && existsSync(join(work, 'runs', 'killed', 'trials', 'a', 'train', 'checkpoint', 'checkpoint.json')) ? (record['pid'] as number) : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; the runner printed:\n${stderr}`);
    });
    const runId = trial('killed', 'a')['runId'];
    child.kill('SIGKILL');
    await until('the orphaned worker to checkpoint and stop', () => (alive(worker) ? undefined : true), 60_000);
    expect(stderr).toMatch(/\[a 1\/2\] training model\.preset=rec/);
    expect(trial('killed', 'a')['status']).toBe('running');

    const resumed = await runCli('ablation', '--config', config, ...engine);
    expect(resumed.status, resumed.err).toBe(0);
    expect(resumed.err).toMatch(/\[a\] was interrupted at step \d+ \(last heartbeat .*\): resuming it from its checkpoint/);
    expect(readFileSync(join(work, 'runs', 'killed', 'trials', 'a', 'log.txt'), 'utf8')).toMatch(/resuming from step [1-9]\d*/);
    expect(lossSteps('killed', 'a')).toEqual(range(60));
    expect(trial('killed', 'a')).toMatchObject({ status: 'completed', attempts: 2, runId, trackedStep: 60 });
    expect(trial('killed', 'b')).toMatchObject({ status: 'completed', attempts: 1 });
    expect(resumed.out).toMatch(/\| variant \| psnr-tm ↑ \| rangewise\.psnr ↑ \| rangewise\.ssim ↑ \| n \|\n\| --- .*\n\| identity \(baseline\) \| (\*\*)?[\d.]+ ± [\d.]+(\*\*)? \|/);
    expect(resumed.out).toMatch(/\n\| a \| (\*\*)?[\d.]+ ± [\d.]+(\*\*)? \|/);

    const runs = storeRuns(join(work, 'mlruns'));
    expect(runs).toHaveLength(3);
    const parent = runs.find((run) => !run.tags['mlflow.parentRunId'])!;
    const children = runs.filter((run) => run.tags['mlflow.parentRunId'] === parent.id);
    expect(children.map((run) => run.tags['mlflow.runName']).sort()).toEqual(['a', 'b']);
    const a = children.find((run) => run.tags['mlflow.runName'] === 'a')!;
    expect(a.id).toBe(runId);
    expect(a.meta).toMatchObject({ status: 3, run_id: runId, run_uuid: runId });
    const history = a.metrics['loss/total']!.trim().split('\n').map((line) => Number(line.split(' ')[2]));
    expect(history).toEqual(range(60));
    expect(Object.keys(a.metrics)).toEqual(expect.arrayContaining(['loss/rec', 'eval/psnr-tm', 'eval/rangewise.psnr', 'eval/rangewise.ssim', 'time/train_seconds']));
    expect(a.params).toMatchObject({ 'model.id': 'hybrid-loss-gan', 'model.preset': 'rec', 'train.steps': '60', 'train.batchSize': '2' });
    expect(a.tags['hdr-lab.code_version']).toMatch(/^git:[0-9a-f]{40}|^hdr-lab@/);
    expect(a.tags['hdr-lab.config_hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tags['hdr-lab.data_manifest']).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tags['hdr-lab.backend']).toBe('wasm');
    expect(a.tags['hdr-lab.signature.psnr-tm']).toMatch(/^psnr-tm v\d+ \{/);
    expect(existsSync(join(a.dir, 'artifacts', 'eval', 'metrics.json'))).toBe(true);
    expect(existsSync(join(a.dir, 'artifacts', 'config', 'config.json'))).toBe(true);
    expect(readdirSync(join(a.dir, 'artifacts', 'predictions'))).toHaveLength(1);
    expect(parent.meta['status']).toBe(3);
    expect(existsSync(join(parent.dir, 'artifacts', 'report', 'report.html'))).toBe(true);

    // The same keys and value types as a run MLflow itself wrote.
    const fixtureStore = join(FIXTURES, 'mlruns-local');
    const fixtureExperiment = readdirSync(fixtureStore).find((entry) => /^\d+$/.test(entry) && entry !== '0')!;
    const fixtureRun = readdirSync(join(fixtureStore, fixtureExperiment)).find((entry) => /^[0-9a-f]{32}$/.test(entry))!;
    const fixtureMeta = parseYaml(readFileSync(join(fixtureStore, fixtureExperiment, fixtureRun, 'meta.yaml'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(a.meta).sort()).toEqual(Object.keys(fixtureMeta).sort());
    for (const [key, value] of Object.entries(fixtureMeta)) expect([key, typeof a.meta[key]]).toEqual([key, typeof value]);
  }, 300_000);

  it('reports baseline rows first, scored on the trials\' own inputs, equal to hdr-lab eval --baseline on those inputs', async () => {
    const config = experiment('baselines', 2, '{ a: { model.preset: rec } }', '{ metrics: [psnr-tm, ssim-tm], figures: 1, baselines: [identity, akyuz07] }');
    const run = await runCli('ablation', '--config', config, ...engine);
    expect(run.status, run.err).toBe(0);
    const rows = run.out.split('\n').filter((line) => line.startsWith('| '));
    expect(rows.slice(2, 5).map((line) => line.split(' | ')[0])).toEqual(['| identity (baseline)', '| akyuz07 (baseline)', '| a']);
    const report = readFileSync(join(work, 'runs', 'baselines', 'report', 'report.md'), 'utf8');
    expect(report).toMatch(/\| akyuz07 \(baseline\) \|/);
    expect(report).toMatch(/- a: .*(better|worse) than (identity|akyuz07) on psnr-tm/);
    const trialDir = join(work, 'runs', 'baselines', 'trials', 'a');
    const result = JSON.parse(readFileSync(join(trialDir, 'result.json'), 'utf8')) as { baselines: Record<string, { summary: { metrics: { id: string; mean: number }[]; rangewise: { meanPsnr: number } } }> };
    for (const id of ['identity', 'akyuz07']) {
      const scored = await runCli('eval', '--baseline', id, '--inputs', join(trialDir, 'inputs'), '--encoding', 'linear', '--output-scale', String(255 / 64), '--ref', join(work, 'prepared', 'test'), '--metrics', 'psnr-tm', 'ssim-tm', '--out', join(work, `eval-${id}`));
      expect(scored.status, scored.err).toBe(0);
      const metrics = JSON.parse(readFileSync(join(work, `eval-${id}`, 'metrics.json'), 'utf8')) as { metrics: { id: string; mean: number }[] };
      const rangewise = JSON.parse(readFileSync(join(work, `eval-${id}`, 'rangewise.json'), 'utf8')) as { meanPsnr: number };
      for (const metricId of ['psnr-tm', 'ssim-tm']) {
        expect(metrics.metrics.find((metric) => metric.id === metricId)!.mean, `${id} ${metricId}`).toBe(result.baselines[id]!.summary.metrics.find((metric) => metric.id === metricId)!.mean);
      }
      expect(rangewise.meanPsnr).toBe(result.baselines[id]!.summary.rangewise.meanPsnr);
    }
  }, 300_000);

  it('records a crashed trial as failed, finishes the others, and runs the failed one again on the next invocation', async () => {
    const config = experiment('crashed', 60);
    const running = runCli('ablation', '--config', config, ...engine);
    const worker = await until('trial a to pass step 5', () => {
      const record = trial('crashed', 'a');
      return (record['step'] as number) >= 5 && record['status'] === 'running' ? (record['pid'] as number) : undefined;
    });
    process.kill(worker, 'SIGKILL');
    const first = await running;
    expect(first.status).toBe(1);
    expect(first.err).toMatch(/\[a 1\/2\] failed: the worker process was killed by SIGKILL \(log: .*log\.txt\)/);
    expect(trial('crashed', 'a')).toMatchObject({ status: 'failed', error: 'the worker process was killed by SIGKILL' });
    expect(trial('crashed', 'b')['status']).toBe('completed');
    expect(first.out).toMatch(/1 trial\(s\) run, 0 already done, 1 failed/);
    expect(readFileSync(join(work, 'runs', 'crashed', 'report', 'report.md'), 'utf8')).toMatch(/the worker process was killed by SIGKILL/);

    const second = await runCli('ablation', '--config', config, ...engine);
    expect(second.status, second.err).toBe(0);
    expect(second.err).toMatch(/\[a\] failed last time \(the worker process was killed by SIGKILL\): running it again/);
    expect(second.err).toContain('already completed: b');
    expect(lossSteps('crashed', 'a')).toEqual(range(60));
    expect(trial('crashed', 'a')).toMatchObject({ status: 'completed', attempts: 2 });
    expect(second.out).toMatch(/1 trial\(s\) run, 1 already done, 0 failed/);

    const again = await runCli('ablation', '--config', config, ...engine);
    expect(again.status).toBe(0);
    expect(again.out).toMatch(/0 trial\(s\) run, 2 already done, 0 failed/);

    const changed = await runCli('ablation', '--config', config, '--set', 'train.steps=25', ...engine);
    expect(changed.status).toBe(1);
    expect(changed.err).toMatch(/holds experiment 'crashed' with another definition .* Pass --new to keep that folder under another name and start again/);
    const rescored = await runCli('rescore', '--config', config, '--set', 'eval.metrics=[ssim-tm]', '--only', 'b', ...engine);
    expect(rescored.status).toBe(1);
    expect(rescored.err).toMatch(/another definition/);
  }, 300_000);

  it('runs trials in parallel worker processes, and fail-fast stops the others when one fails', async () => {
    const config = experiment('parallel', 40, "{ a: { model.preset: rec }, broken: { model.settings.generator.init: hdrcnn }, c: { model.preset: rec } }");
    const failFast = await runCli('ablation', '--config', config, '--workers', '2', '--set', 'runner.failure=fail-fast', ...engine);
    expect(failFast.status).toBe(1);
    expect(failFast.err).toMatch(/\[broken 2\/3\] failed: generator\.path: generator\.init 'hdrcnn' loads the trained HDR-CNN .* Set generator\.path to its model\.json/);
    expect(failFast.err).toContain('stopping the other trials: runner.failure is fail-fast');
    expect(['interrupted', 'completed']).toContain(trial('parallel', 'a')['status']);
    expect(existsSync(join(work, 'runs', 'parallel', 'trials', 'c', 'trial.json')) ? trial('parallel', 'c')['status'] : 'pending').toBe('pending');

    const carryOn = await runCli('ablation', '--config', config, '--workers', '2', ...engine);
    expect(carryOn.status).toBe(1);
    expect(trial('parallel', 'a')['status']).toBe('completed');
    expect(trial('parallel', 'c')['status']).toBe('completed');
    expect(trial('parallel', 'broken')).toMatchObject({ status: 'failed', attempts: 2 });
    expect(lossSteps('parallel', 'a')).toEqual(range(40));
    expect(readFileSync(join(work, 'runs', 'parallel', 'report', 'report.md'), 'utf8')).toMatch(/broken/);
  }, 300_000);

  it('runs a grid sweep: one trial per point, named t000..., each with its own settings and scores', async () => {
    const file = join(work, 'sweep.yaml');
    writeFileSync(
      file,
      readFileSync(experiment('sweep', 8), 'utf8').replace(/ablation: .*\n/, 'sweep: { method: grid, parameters: { train.seed: [0, 1], model.preset: [rec] } }\n'),
    );
    const asAblation = await runCli('ablation', '--config', file, ...engine);
    expect(asAblation.status).toBe(1);
    expect(asAblation.err).toMatch(/has no ablation: section; it is a sweep: run it with hdr-lab sweep/);
    const swept = await runCli('sweep', '--config', file, ...engine);
    expect(swept.status, swept.err).toBe(0);
    expect(swept.err).toMatch(/\[t000 1\/2\] training train\.seed=0, model\.preset=rec/);
    expect(swept.out).toMatch(/\| t000 \| .*\n\| t001 \| /);
    const configs = ['t000', 't001'].map((name) => JSON.parse(readFileSync(join(work, 'runs', 'sweep', 'trials', name, 'config.json'), 'utf8')) as { train: { seed: number } });
    expect(configs.map((config) => config.train.seed)).toEqual([0, 1]);
    const losses = ['t000', 't001'].map((name) => readFileSync(join(work, 'runs', 'sweep', 'trials', name, 'train', 'losses.jsonl'), 'utf8'));
    expect(losses[0]).not.toEqual(losses[1]);
  }, 300_000);

  it('tracks to a remote MLflow server: parent and child runs, params, each step once, scores and artifacts, through 503s and a reset', async () => {
    const server = new MiniMlflow();
    await server.start();
    const backoff = process.env['MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR'];
    process.env['MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR'] = '0.02';
    try {
      server.faults.push(
        { match: (method, path) => method === 'POST' && path.endsWith('/runs/log-batch'), times: 2, kind: 'status', status: 503 },
        { match: (method, path) => method === 'POST' && path.endsWith('/runs/log-batch'), times: 1, kind: 'reset-after' },
      );
      const config = experiment('remote', 12);
      const run = await runCli('ablation', '--config', config, '--set', `tracking.uri=${server.uri}`, ...engine);
      expect(run.status, run.err).toBe(0);
      expect(run.err).toContain(`tracking: ${server.uri}`);
      const runs = [...server.runs.values()];
      expect(runs).toHaveLength(3);
      const parent = runs.find((candidate) => !candidate.tags.has('mlflow.parentRunId'))!;
      const children = runs.filter((candidate) => candidate.tags.get('mlflow.parentRunId') === parent.info.run_id);
      expect(children.map((child) => child.tags.get('mlflow.runName')).sort()).toEqual(['a', 'b']);
      for (const child of children) {
        expect(child.info.status).toBe('FINISHED');
        const total = child.tags.get('mlflow.runName') === 'a' ? 'loss/total' : 'loss/generator/total';
        expect([...child.history.keys()]).toContain(total);
        expect(server.history(child.info.run_id, total).map((point) => point.step)).toEqual(range(12));
        expect(server.history(child.info.run_id, 'eval/psnr-tm')).toHaveLength(1);
        expect(child.params.get('train.steps')).toBe('12');
        expect(child.tags.get('hdr-lab.backend')).toBe('wasm');
      }
      expect(parent.info.status).toBe('FINISHED');
      const artifacts = [...server.artifacts.keys()];
      expect(artifacts.some((key) => key.endsWith('/eval/metrics.json'))).toBe(true);
      expect(artifacts.some((key) => key.startsWith(`${parent.info.experiment_id}/${parent.info.run_id}/`) && key.endsWith('/report/report.html'))).toBe(true);
      expect(server.faults.every((fault) => fault.times === 0)).toBe(true);
    } finally {
      if (backoff === undefined) delete process.env['MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR'];
      else process.env['MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR'] = backoff;
      await server.stop();
    }
  }, 300_000);
});
