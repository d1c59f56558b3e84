import { describe, expect, it } from 'vitest';
import { runScript } from './support/run-script.js';

interface Curve {
  backend: string;
  threads: number;
  losses: number[];
}

const STEPS = 200;

async function curve(backend: string, threads: number): Promise<Curve> {
  const { stdout } = await runScript('./loss-curve-run.ts', [backend, String(threads), String(STEPS), '8']);
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Curve;
}

function largestGap(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((value, step) => Math.abs(value - b[step]!)));
}

describe('reference network training, 200 Adam steps on a fixed batch', () => {
  it('gives the same loss curve on cpu, wasm with 1 thread and wasm with 2 threads', async () => {
    const [cpu, wasmSingle, wasmThreaded] = await Promise.all([curve('cpu', 1), curve('wasm', 1), curve('wasm', 2)]);
    expect(wasmSingle.threads).toBe(1);
    expect(wasmThreaded.threads).toBe(2);
    for (const run of [cpu, wasmSingle, wasmThreaded]) expect(run.losses).toHaveLength(STEPS);
    expect(largestGap(cpu.losses, wasmSingle.losses)).toBeLessThanOrEqual(1e-5);
    expect(largestGap(cpu.losses, wasmThreaded.losses)).toBeLessThanOrEqual(1e-5);
    expect(largestGap(wasmSingle.losses, wasmThreaded.losses)).toBeLessThanOrEqual(1e-5);
    // The run must be training, not comparing flat lines.
    expect(cpu.losses.at(-1)!).toBeLessThan(cpu.losses[0]! / 10);
  }, 600_000);
});
