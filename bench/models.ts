import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { ModelBenchRow as Row } from './models-row.js';

const WORKER = join(import.meta.dirname, 'models-worker.ts');

/** Peak resident memory of a process (VmHWM), in MiB, where /proc has it. */
function peakMemory(pid: number | undefined): string {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return `${Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024)} MiB`;
  } catch {
    return 'unknown';
  }
}

/**
 * Runs a worker with its progress (stderr) shown live; resolves with its stdout, or with a reason when it
 * ran past `timeoutMs` (a paper-size network can fill wasm's 4 GiB address space and stop making progress).
 */
function runWorker(command: string, args: readonly string[], timeoutMs: number): Promise<{ stdout: string; timedOut?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let timedOut: string | undefined;
    const timer = setTimeout(() => {
      timedOut = `no result in ${timeoutMs / 1000} s (peak memory ${peakMemory(child.pid)})`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) resolve({ stdout, timedOut });
      else if (code === 0) resolve({ stdout });
      else reject(new Error(`models benchmark worker exited with status ${code}`));
    });
  });
}

function option(args: readonly string[], name: string): string | undefined {
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '—');

export const modelsBenchmark = {
  name: 'models',
  describe:
    'paper-size models: training steps at batch 1 on a crop of a shipped sample (MODEL:PRESET@SIZE/WxH: SIZE the square crop, default 256; ' +
    'Deep Chain also at its 64x64 patches, HDR-GAN at its 512x512) and predict on a WxH image (default 1024x512; the multi-exposure models at ' +
    'their test frames, 1500x1000 and 1900x1060), per CPU backend',
  async run(args: readonly string[]): Promise<void> {
    const threads = Number(option(args, 'threads') ?? os.availableParallelism());
    const steps = Number(option(args, 'steps') ?? 3);
    const backends = (option(args, 'backends') ?? `wasm-${threads}`).split(',');
    // Deep Chain trains on 64x64 patches in its paper; 256x256 is the common size asked of every generator.
    const models =
      option(args, 'models') ??
      [
        'hybrid-loss-gan:rec@256',
        'hybrid-loss-gan:full@256',
        'deep-chain-hdri:paper@64',
        'deep-chain-hdri:paper@256',
        'hdr-gan:ours@512/1500x1000',
        'hdr-gan:ours@256/1500x1000',
        'attention-drdb:drdb_input@256/1900x1060',
        'attention-drdb:base_vam@256/1900x1060',
      ].join(',');
    const timeoutSeconds = Number(option(args, 'timeout') ?? 300);
    console.log(`models ${models}; ${steps} timed steps after one warm-up, batch 1; each model given ${timeoutSeconds} s (--timeout); no target yet`);
    console.log('\n| backend | model | preset | crop | train step (median) | min | predict | loss terms |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const name of backends) {
      const [backend, count] = name.split('-');
      let engine = '';
      for (const entry of models.split(',')) {
        const [spec, sizes = '256'] = entry.split('@');
        const size = sizes.split('/')[0];
        const [model, preset = ''] = spec!.split(':');
        const { stdout, timedOut } = await runWorker(
          process.execPath,
          ['--import', 'tsx', '--conditions=@hdr-lab/source', WORKER, backend!, String(count ?? 1), entry, String(steps)],
          timeoutSeconds * 1000,
        );
        if (timedOut) {
          console.log(`| ${name} | ${model} | ${preset} | ${size} | ${timedOut} | | | |`);
          continue;
        }
        const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { engine: string; rows: Row[] };
        engine = result.engine;
        for (const row of result.rows) {
          if (row.error) console.log(`| ${name} | ${row.model} | ${row.preset} | ${size} | failed: ${row.error} | | | |`);
          else console.log(`| ${name} | ${row.model} | ${row.preset} | ${size} | ${seconds(median(row.trainMs))} | ${seconds(Math.min(...row.trainMs))} | ${seconds(row.predictMs)} at ${row.predictSize} | ${row.terms.join(', ')} |`);
        }
      }
      if (engine) console.log(`\n${name}: ${engine}`);
    }
  },
};
