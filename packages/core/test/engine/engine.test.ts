import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { EngineInfo } from '../../src/index.js';
import { runScript } from './support/run-script.js';

interface ProbeResult {
  info?: EngineInfo;
  sameObject?: boolean;
  warnings: string[];
  gradientSum?: number;
  error?: { name: string; message: string };
}

async function probe(options: object, env: NodeJS.ProcessEnv = {}, repeat?: object): Promise<ProbeResult> {
  const args = [JSON.stringify(options), ...(repeat ? [JSON.stringify(repeat)] : [])];
  const { stdout } = await runScript('./engine-probe.ts', args, { HDR_LAB_BACKEND: '', HDR_LAB_THREADS: '', ...env });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ProbeResult;
}

/** Whether a native tfjs package's addon was built (its install script ran), without loading it. */
function loads(name: string): boolean {
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
    return readdirSync(join(packageDir, 'lib')).some((dir) => existsSync(join(packageDir, 'lib', dir, 'tfjs_binding.node')));
  } catch {
    return false;
  }
}

/** Sum of the input gradient of a 3x3 dilation-3 conv of ones with 2->2 ones filters over a 9x9x2 input. */
function expectedDilatedGradientSum(): number {
  let total = 0;
  for (let y = 0; y < 9; y++) {
    for (let x = 0; x < 9; x++) {
      let taps = 0;
      for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) if (y + 3 * i >= 0 && y + 3 * i < 9 && x + 3 * j >= 0 && x + 3 * j < 9) taps++;
      total += taps * 2 * 2;
    }
  }
  return total;
}

describe('initEngine', () => {
  it('starts wasm with the requested threads, trains dilated convolutions, and lets the process end by itself', async () => {
    const result = await probe({ backend: 'wasm', threads: 2 });
    expect(result.error).toBeUndefined();
    expect(result.info).toMatchObject({ backend: 'wasm', tfBackend: 'wasm', threads: 2, simd: true, requested: 'wasm' });
    expect(result.info!.backendVersion).toBe('4.22.0');
    expect(result.warnings).toEqual([]);
    expect(result.gradientSum).toBe(expectedDilatedGradientSum());
  });

  it('falls back to one wasm thread, with a warning, when the threaded build cannot be set up', async () => {
    // A temporary directory that does not exist; tsx's cache would create it, so the cache is off.
    const missing = join(os.tmpdir(), `hdr-lab-missing-${process.pid}`, 'tmp');
    const result = await probe({ backend: 'wasm', threads: 2 }, { TMPDIR: missing, TSX_DISABLE_CACHE: '1' });
    expect(result.info).toMatchObject({ backend: 'wasm', threads: 1 });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(`wasm runs on 1 thread instead of 2: cannot write the wasm worker script to ${missing}/`);
    expect(result.gradientSum).toBe(expectedDilatedGradientSum());
  });

  it('takes the backend and threads from HDR_LAB_BACKEND and HDR_LAB_THREADS', async () => {
    const result = await probe({}, { HDR_LAB_BACKEND: 'wasm', HDR_LAB_THREADS: '1' });
    expect(result.info).toMatchObject({ backend: 'wasm', threads: 1, requested: 'wasm' });
  });

  it('ranks an explicit choice over the environment, and the environment over a config', async () => {
    expect((await probe({ backend: 'cpu' }, { HDR_LAB_BACKEND: 'wasm' })).info?.backend).toBe('cpu');
    expect((await probe({ configuredBackend: 'cpu' }, { HDR_LAB_BACKEND: 'wasm', HDR_LAB_THREADS: '1' })).info?.backend).toBe('wasm');
    expect((await probe({ configuredBackend: 'cpu' })).info?.backend).toBe('cpu');
  });

  it('in auto mode falls through the native backends that do not load and says why', async () => {
    const result = await probe({ backend: 'auto', threads: 1 });
    const nativeLoads = loads('@tensorflow/tfjs-node-gpu') || loads('@tensorflow/tfjs-node');
    if (nativeLoads) {
      expect(result.info?.tfBackend).toBe('tensorflow');
    } else {
      expect(result.info).toMatchObject({ backend: 'wasm', requested: 'auto' });
      expect(result.info!.skipped.map((line) => line.split(':')[0])).toEqual(['tfjs-node-gpu', 'tfjs-node']);
    }
  });

  it('uses every core by default', async () => {
    const result = await probe({ backend: 'wasm' });
    expect(result.info?.threads).toBe(Math.min(8, os.availableParallelism()));
  });

  it('explains how to get a native backend that is unavailable', async () => {
    if (loads('@tensorflow/tfjs-node-gpu')) return;
    const result = await probe({ backend: 'tfjs-node-gpu' });
    expect(result.error?.name).toBe('EngineError');
    expect(result.error?.message).toMatch(/^Backend 'tfjs-node-gpu' is unavailable: /);
    expect(result.error?.message).toContain('CUDA 11.2 and cuDNN 8.1');
    expect(result.error?.message).toContain('npm install-scripts approve @tensorflow/tfjs-node-gpu');
  });

  it('rejects an unknown backend name in the environment, listing the valid ones', async () => {
    const result = await probe({}, { HDR_LAB_BACKEND: 'webgpu' });
    expect(result.error).toEqual({
      name: 'EngineError',
      message: "HDR_LAB_BACKEND='webgpu' is not a backend; use one of: auto, tfjs-node-gpu, tfjs-node, wasm, cpu.",
    });
  });

  it('rejects a thread count that is not a positive whole number', async () => {
    const result = await probe({ backend: 'wasm' }, { HDR_LAB_THREADS: '1.5' });
    expect(result.error?.message).toBe("HDR_LAB_THREADS='1.5' must be a whole number of threads, 1 or more.");
  });

  it('returns the running engine to a request it satisfies and refuses to switch within a process', async () => {
    const same = await probe({ backend: 'cpu' }, {}, { backend: 'cpu' });
    expect(same.sameObject).toBe(true);
    expect((await probe({ backend: 'cpu', threads: 1 }, {}, { backend: 'cpu', threads: 4 })).sameObject).toBe(true);
    expect((await probe({ backend: 'wasm', threads: 1 }, {}, {})).sameObject).toBe(true);
    const otherThreads = await probe({ backend: 'wasm', threads: 1 }, {}, { backend: 'wasm', threads: 2 });
    expect(otherThreads.error?.message).toMatch(/already runs on wasm .*cannot switch to 'wasm' with 2 thread\(s\)/);
    const switched = await probe({ backend: 'wasm', threads: 1 }, {}, { backend: 'cpu' });
    expect(switched.error?.message).toMatch(/already runs on wasm .*cannot switch to 'cpu'/);
  });
});
