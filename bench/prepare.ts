import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepare, type PrepareConfig } from '@hdr-lab/datasets';

const ROOT = join(import.meta.dirname, '..');

async function run(args: readonly string[]): Promise<void> {
  const count = Number(args[0] ?? 16);
  const dir = mkdtempSync(join(tmpdir(), 'hdr-lab-bench-prepare-'));
  try {
    const base: Omit<PrepareConfig, 'out' | 'crop'> = {
      name: 'bench',
      inputs: [join(ROOT, 'data', 'samples')],
      seed: 1,
      augment: { flip: true, rotate: true },
      normalise: 'median-luminance',
      split: { test: 0.1 },
    };
    const settings: { label: string; config: PrepareConfig }[] = [
      { label: `random crops resized to 256 (hybrid loss), ${count} per image`, config: { ...base, out: join(dir, 'a'), crop: { mode: 'random', count, side: [0.5, 1], size: 256 } } },
      { label: `64x64 patches, stride 10 (Deep Chain), ${count * 4} per image`, config: { ...base, out: join(dir, 'b'), crop: { mode: 'patches', size: 64, stride: 10, maxPerImage: count * 4 } } },
    ];
    console.log('| setting | samples | seconds | samples per second |');
    console.log('| --- | --- | --- | --- |');
    for (const { label, config } of settings) {
      const started = performance.now();
      const summary = await prepare(config);
      const seconds = (performance.now() - started) / 1000;
      console.log(`| ${label} | ${summary.samples} | ${seconds.toFixed(2)} | ${(summary.samples / seconds).toFixed(1)} |`);
    }
    console.log('\n(6 sample EXRs read, hashed and decoded once per setting; samples written as float EXR, ZIP compression)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const prepareBenchmark = {
  name: 'prepare',
  describe: 'hdr-lab prepare throughput on the shipped samples (samples per second), for crops and patches',
  run,
};
