import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'hdr-lab-stall-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('experiment runner on the wasm backend', () => {
  it('stops a trial whose network fills the 4 GiB wasm memory, with a message that says so, instead of waiting forever', async () => {
    writeFileSync(
      join(work, 'prepare.yaml'),
      `name: large\ninputs: [${join(ROOT, 'data', 'samples')}]\nout: prepared\nseed: 1\ncrop: { mode: random, count: 1, side: [0.6, 0.9], size: 256 }\nsplit: { test: 0.17 }\n`,
    );
    // The paper-size generator, discriminator (flatten head) and VGG19 at 256x256: measured at 4.4 GiB with no progress.
    writeFileSync(
      join(work, 'large.yaml'),
      `name: large
data: { prepare: prepare.yaml }
model:
  id: hybrid-loss-gan
  preset: full
  settings: { generator: { init: random }, loss: { vgg: { weights: { source: random-init } } } }
train: { steps: 2, batchSize: 1 }
ablation: { variants: { paper: {} } }
runner: { stallSeconds: 15 }
tracking: { enabled: false }
out: runs/large
`,
    );
    const run = await runCli('ablation', '--config', join(work, 'large.yaml'), '--backend', 'wasm');
    expect(run.status).toBe(1);
    expect(run.err).toMatch(/warning: hybrid-loss-gan at the paper's size on the wasm backend/);
    expect(run.err).toMatch(/\[paper 1\/1\] failed: the worker stopped making progress with 4\.\d GiB resident for 15 s: the wasm backend's 4 GiB memory is full/);
    const record = JSON.parse(readFileSync(join(work, 'runs', 'large', 'trials', 'paper', 'trial.json'), 'utf8')) as { status: string; error: string };
    expect(record.status).toBe('failed');
  }, 600_000);
});
