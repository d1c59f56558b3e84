import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readHdrFile } from '@hdr-lab/core';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'hdr-lab-train-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

writeFileSync(
  join(work, 'prepare.yaml'),
  `name: tiny\ninputs: [${join(ROOT, 'data', 'samples')}]\nout: prepared\nseed: 1\ncrop: { mode: random, count: 2, side: [0.3, 0.6], size: 32 }\nsplit: { test: 0.17 }\n`,
);

function trainConfig(name: string, body: string): string {
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, body);
  return file;
}

const deepChain = trainConfig(
  'deep-chain',
  'preset: paper\ntiny: true\ndata: { prepare: prepare.yaml }\ntrain: { steps: 6, batchSize: 2, checkpointEvery: 3, logEvery: 2 }\nout: runs/deep-chain\n',
);
const engine = ['--backend', 'wasm', '--threads', '1'];
const lossLines = (run: string) =>
  readFileSync(join(work, 'runs', run, 'losses.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { step: number; total: number });

describe('hdr-lab train', () => {
  it('trains a tiny model on the shipped samples with progress, losses and checkpoints, then resumes it', async () => {
    const first = await runCli('train', '--model', 'deep-chain-hdri', '--config', deepChain, ...engine);
    expect(first.err).toMatch(/training deep-chain-hdri \(paper\) tiny for 6 steps, batch 2/);
    expect(first.err).toMatch(/step 2\/6 .*total [\d.e-]+ .* s\/step {2}ETA/);
    expect(first.status).toBe(0);
    expect(first.out).toMatch(/^trained deep-chain-hdri to step 6 in [\d.]+ s; total loss [\d.e-]+ -> [\d.e-]+/);
    expect(lossLines('deep-chain').map((line) => line.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(existsSync(join(work, 'runs', 'deep-chain', 'checkpoint', 'checkpoint.json'))).toBe(true);
    const run = JSON.parse(readFileSync(join(work, 'runs', 'deep-chain', 'run.json'), 'utf8')) as { step: number; parameters: unknown[] };
    expect(run.step).toBe(6);
    expect(run.parameters.length).toBeGreaterThan(0);

    const longer = await runCli('train', '--model', 'deep-chain-hdri', '--config', deepChain, '--steps', '8', ...engine);
    expect(longer.status).toBe(0);
    expect(longer.err).toContain('resuming from step 6');
    expect(lossLines('deep-chain').map((line) => line.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const again = await runCli('train', '--model', 'deep-chain-hdri', '--config', deepChain, '--steps', '8', ...engine);
    expect(again.err).toContain('already trained 8 steps');
  }, 240_000);

  it('refuses to resume a checkpoint of another config unless told to restart', async () => {
    const changed = await runCli('train', '--model', 'deep-chain-hdri', '--config', deepChain, '--set', 'loss.tvWeight=0.01', ...engine);
    expect(changed.status).toBe(1);
    expect(changed.err).toMatch(/holds a checkpoint of another configuration .* pass --restart to discard it/);
  }, 60_000);

  it('names every bad argument', async () => {
    const unknownModel = await runCli('train', '--model', 'hdr-cnn', '--config', deepChain);
    expect(unknownModel.status).toBe(2);
    expect(unknownModel.err).toMatch(/argument 'hdr-cnn' is invalid.*deep-chain-hdri/);
    const missing = await runCli('train', '--model', 'deep-chain-hdri', '--config', join(work, 'nope.yaml'));
    expect(missing.status).toBe(1);
    expect(missing.err).toContain('nope.yaml: no such config file');
    const badKey = await runCli('train', '--model', 'deep-chain-hdri', '--config', trainConfig('bad-key', 'data: { prepare: prepare.yaml }\ntrain: { steps: 1, batch: 2 }\nout: runs/x\n'));
    expect(badKey.err).toMatch(/bad-key\.yaml: train: .*"batch"/);
    const both = await runCli('train', '--model', 'deep-chain-hdri', '--config', trainConfig('both', 'data: { prepare: a.yaml, prepared: b }\ntrain: { steps: 1 }\nout: runs/x\n'));
    expect(both.err).toMatch(/both\.yaml: data: give exactly one of prepare/);
    const mismatch = await runCli('train', '--model', 'hybrid-loss-gan', '--config', trainConfig('mismatch', 'model: deep-chain-hdri\ndata: { prepare: prepare.yaml }\ntrain: { steps: 1 }\nout: runs/x\n'));
    expect(mismatch.err).toMatch(/the file trains 'deep-chain-hdri' but --model says 'hybrid-loss-gan'/);
    const badSetting = await runCli('train', '--model', 'deep-chain-hdri', '--config', deepChain, '--set', 'chain.mode=deep', ...engine);
    expect(badSetting.err).toMatch(/deep-chain\.yaml: settings: chain\.mode: /);
    const badSet = await runCli('train', '--model', 'deep-chain-hdri', '--config', deepChain, '--set', 'chain.mode');
    expect(badSet.status).toBe(2);
    expect(badSet.err).toContain("--set 'chain.mode' is not of the form PATH=VALUE");
  }, 60_000);
});

describe('hdr-lab predict', () => {
  it('runs a trained checkpoint on a shipped HDR sample and writes linear HDR of its size', async () => {
    const out = join(work, 'desk.exr');
    const result = await runCli('predict', '--model', 'deep-chain-hdri', '--checkpoint', join(work, 'runs', 'deep-chain'), join(ROOT, 'data', 'samples', 'Desk.exr'), out, '--tile', '256', ...engine);
    expect(result.err).toContain('is HDR: making the model');
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/desk\.exr: 644x874 linear HDR in [\d.]+ s/);
    const { image } = await readHdrFile(out);
    expect([image.width, image.height, image.channels]).toEqual([644, 874, 3]);
    expect(image.data.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
  }, 240_000);

  it('names every bad argument', async () => {
    const run = join(work, 'runs', 'deep-chain');
    const sample = join(ROOT, 'data', 'samples', 'Desk.exr');
    const png = await runCli('predict', '--model', 'deep-chain-hdri', '--checkpoint', run, sample, join(work, 'out.png'), ...engine);
    expect(png.status).toBe(2);
    expect(png.err).toContain('the prediction is HDR; name the output .exr, .hdr or .pfm');
    const noCheckpoint = await runCli('predict', '--model', 'deep-chain-hdri', '--checkpoint', join(work, 'none'), sample, join(work, 'o.exr'), ...engine);
    expect(noCheckpoint.status).toBe(2);
    expect(noCheckpoint.err).toMatch(/--checkpoint .*none: no checkpoint\.json there/);
    const otherModel = await runCli('predict', '--model', 'hybrid-loss-gan', '--checkpoint', run, sample, join(work, 'o.exr'), ...engine);
    expect(otherModel.err).toContain("holds a 'deep-chain-hdri' model, not 'hybrid-loss-gan'");
    const noModel = await runCli('predict', '--checkpoint', run, sample, join(work, 'o.exr'));
    expect(noModel.status).toBe(2);
    expect(noModel.err).toMatch(/--model <id>' not specified/);
  }, 60_000);
});
