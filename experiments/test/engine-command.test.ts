import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'hdr-lab.js');

describe('hdr-lab engine', () => {
  it('starts the requested backend, says so on stderr and times a training step', async () => {
    const { status, out, err } = await runCli('engine', '--backend', 'cpu', '--json', '--benchmark', '8');
    expect(status).toBe(0);
    expect(err.split('\n')[0]).toBe('engine: cpu (tfjs 4.22.0, 1 thread)');
    const report = JSON.parse(out) as { backend: string; threads: number; benchmark: { size: number; batch: number; steps: number; minMs: number } };
    expect(report).toMatchObject({ backend: 'cpu', threads: 1, benchmark: { size: 8, batch: 4, steps: 5 } });
    expect(report.benchmark.minMs).toBeGreaterThan(0);
  });

  it('rejects an unknown backend with the valid choices (exit 2)', async () => {
    const { status, err } = await runCli('engine', '--backend', 'webgpu');
    expect(status).toBe(2);
    expect(err).toContain("Allowed choices are auto, tfjs-node-gpu, tfjs-node, wasm, cpu.");
  });

  it('names the fix when the requested backend is unavailable (exit 1), from the installed command', () => {
    const result = spawnSync(process.execPath, [BIN, 'engine', '--backend', 'tfjs-node'], { encoding: 'utf8' });
    if (result.status === 0) return;
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^hdr-lab: Backend 'tfjs-node' is unavailable: /);
    expect(result.stderr).toContain('npm install-scripts approve @tensorflow/tfjs-node');
  });

  it('runs wasm on the requested threads and exits by itself', () => {
    const result = spawnSync(process.execPath, [BIN, 'engine', '--backend', 'wasm', '--threads', '2'], { encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stderr.trim()).toBe('engine: wasm (tfjs 4.22.0, tfjs-backend-wasm 4.22.0, SIMD, 2 threads)');
  });
});
