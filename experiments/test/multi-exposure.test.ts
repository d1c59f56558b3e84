import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHdrImage, luminance, percentile, readHdrFile, writeHdrFile } from '@hdr-lab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePng } from './bracket/write-exposures.js';
import { runCli } from './support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'hdr-lab-multi-exposure-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const engine = ['--backend', 'wasm', '--threads', '1'];

writeFileSync(
  join(work, 'prepare.yaml'),
  `name: tiny\ninputs: [${join(ROOT, 'data', 'samples')}]\nout: prepared\nseed: 2\ncrop: { mode: random, count: 2, side: [0.3, 0.6], size: 64 }\nsplit: { test: 0.17 }\n`,
);

/** Two captured scenes in Kalantari's layout: three 16x12 exposures, their biases in stops, the ground truth. */
beforeAll(async () => {
  for (const scene of ['001', '002']) {
    const dir = join(work, 'scenes', scene);
    for (const [index, file] of ['a.png', 'b.png', 'c.png'].entries()) await writePng(join(dir, file), index + Number(scene), { width: 16, height: 12 });
    writeFileSync(join(dir, 'exposure.txt'), '-2\n0\n2\n');
    await writeHdrFile(join(dir, 'HDRImg.hdr'), createHdrImage(16, 12, 3, Float32Array.from({ length: 16 * 12 * 3 }, (_, i) => 0.01 + (i % 97) / 97)));
  }
});

describe('multi-exposure models from the command line', () => {
  it('trains HDR-GAN on captured bracket scenes, then predicts from files, a folder and an HDR image, refusing bad brackets', async () => {
    const config = join(work, 'brackets.yaml');
    writeFileSync(config, 'model: hdr-gan\npreset: no_disc\ntiny: true\ndata: { brackets: scenes, crop: 12 }\ntrain: { steps: 3, batchSize: 2, checkpointEvery: 3, logEvery: 1 }\nout: runs/brackets\n');
    const trained = await runCli('train', '--config', config, ...engine);
    expect(trained.status, trained.err).toBe(0);
    expect(trained.err).toMatch(/brackets \[2\/2\] 002: 16x12/);
    expect(trained.err).toMatch(/step 3\/3 .*total/);
    const run = join(work, 'runs', 'brackets');
    const scene = join(work, 'scenes', '001');
    const files = ['a.png', 'b.png', 'c.png'].map((file) => join(scene, file));

    const fromFiles = await runCli('predict', '--model', 'hdr-gan', '--checkpoint', run, ...files, '--times', '1/100,1/25,4/25', join(work, 'files.exr'), ...engine);
    expect(fromFiles.status, fromFiles.err).toBe(0);
    expect(fromFiles.out).toMatch(/files\.exr: 16x12 linear HDR/);
    const fromFolder = await runCli('predict', '--model', 'hdr-gan', '--checkpoint', run, scene, join(work, 'folder.exr'), ...engine);
    expect(fromFolder.status, fromFolder.err).toBe(0);
    // The same exposures with times in the same ratios: the same prediction.
    expect(Array.from((await readHdrFile(join(work, 'folder.exr'))).image.data)).toEqual(Array.from((await readHdrFile(join(work, 'files.exr'))).image.data));
    const fromHdr = await runCli('predict', '--model', 'hdr-gan', '--checkpoint', run, join(scene, 'HDRImg.hdr'), join(work, 'hdr.exr'), ...engine);
    expect(fromHdr.status, fromHdr.err).toBe(0);
    expect(fromHdr.err).toMatch(/HDRImg\.hdr is HDR: synthesising a 3-exposure bracket with motion from it/);

    const two = await runCli('predict', '--model', 'hdr-gan', '--checkpoint', run, ...files.slice(0, 2), '--times', '1,4', join(work, 'two.exr'), ...engine);
    expect(two.status).toBe(2);
    expect(two.err).toMatch(/needs 3 exposures, got 2/);
    const odd = join(work, 'odd.png');
    await writePng(odd, 9, { width: 10, height: 12 });
    const sizes = await runCli('predict', '--model', 'hdr-gan', '--checkpoint', run, files[0]!, files[1]!, odd, '--times', '1,4,16', join(work, 'sizes.exr'), ...engine);
    expect(sizes.status).toBe(2);
    expect(sizes.err).toMatch(/10x12/);
    const one = await runCli('predict', '--model', 'hdr-gan', '--checkpoint', run, files[0]!, join(work, 'one.exr'), ...engine);
    expect(one.status).toBe(2);
    expect(one.err).toMatch(/fuses 3 exposures, got one LDR image/);
    const noTimes = join(work, 'no-times');
    mkdirSync(noTimes);
    for (const [index, file] of ['a.png', 'b.png', 'c.png'].entries()) await writePng(join(noTimes, file), index);
    const missing = await runCli('predict', '--model', 'hdr-gan', '--checkpoint', run, noTimes, join(work, 'missing.exr'), ...engine);
    expect(missing.status).toBe(2);
    expect(missing.err).toMatch(/exposures\.json|exposure\.txt|--times/);
  }, 240_000);

  it('runs a tiny multi-exposure ablation: scored against the synthesised ground truth, reported with figures', async () => {
    const config = join(work, 'ablation.yaml');
    writeFileSync(
      config,
      `extends: ${join(ROOT, 'configs', 'experiments', 'hdr-gan.base.yaml')}
name: brackets-tiny
data: { prepare: prepare.yaml }
model: { tiny: true }
train: { steps: 4, batchSize: 2, checkpointEvery: 4, logEvery: 2 }
eval: { figures: 1 }
ablation: { variants: { ours: { model.preset: ours }, no_disc: { model.preset: no_disc } } }
tracking: { uri: mlruns }
out: runs/brackets-tiny
`,
    );
    const result = await runCli('ablation', '--config', config, ...engine);
    expect(result.status, result.err).toBe(0);
    expect(result.out).toMatch(/\| ours \| [\d.]+ ± [\d.]+ \|/);
    expect(result.out).toMatch(/\| no_disc \| /);
    const trial = join(work, 'runs', 'brackets-tiny', 'trials', 'ours');
    const scores = JSON.parse(readFileSync(join(trial, 'result.json'), 'utf8')) as { summary: { metrics: { id: string; mean: number }[] } };
    expect(scores.summary.metrics.map((metric) => metric.id).sort()).toEqual(['psnr-l', 'psnr-mu', 'ssim-l', 'ssim-mu']);
    expect(scores.summary.metrics.every((metric) => Number.isFinite(metric.mean))).toBe(true);
    const [name] = readFileSync(join(work, 'prepared', 'samples.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { file: string; split: string })
      .filter((sample) => sample.split === 'test')
      .map((sample) => sample.file.split('/').at(-1)!);
    const reference = (await readHdrFile(join(trial, 'references', name!))).image;
    const original = (await readHdrFile(join(work, 'prepared', 'test', name!))).image;
    // The synthesis scales the ground truth (its 99.5th luminance percentile to 1): the scores use that, not the file.
    const scale = 1 / percentile(luminance(original), 99.5);
    // Half-float EXR: about 1e-3 relative, and subnormal below 6e-5.
    expect(Array.from(reference.data).every((value, i) => Math.abs(value - original.data[i]! * scale) <= 2e-3 * original.data[i]! * scale + 1e-4)).toBe(true);
    expect(scale).not.toBeCloseTo(1, 2);
    const other = (await readHdrFile(join(work, 'runs', 'brackets-tiny', 'trials', 'no_disc', 'inputs', name!))).image;
    expect(Array.from(other.data)).toEqual(Array.from((await readHdrFile(join(trial, 'inputs', name!))).image.data));
    expect(existsSync(join(work, 'runs', 'brackets-tiny', 'report', 'report.html'))).toBe(true);
  }, 300_000);
});
