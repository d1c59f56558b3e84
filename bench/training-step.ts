import { execFile, spawnSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const TORCH_SCRIPT = join(import.meta.dirname, 'reference', 'torch-training-step.py');
const WORKER = join(import.meta.dirname, 'training-step-worker.ts');
/** The engine issue's targets: tfjs / PyTorch at 128x128 on all threads, and for inference. */
const TRAINING_TARGET = 4;
const INFERENCE_TARGET = 2;

interface Timing {
  size: number;
  minMs: number;
  medianMs: number;
}
interface RunResult {
  engine: string;
  threads: number;
  training: Timing[];
  forwardMs: number[];
}
interface Configuration {
  readonly label: string;
  readonly run: () => Promise<RunResult>;
}

function option(args: readonly string[], name: string): string | undefined {
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function tfjs(backend: string, threads: number, sizes: readonly number[], warmUp: number, steps: number): Promise<RunResult> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@hdr-lab/source', WORKER, backend, String(threads), sizes.join(','), String(warmUp), String(steps)],
    { maxBuffer: 16 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as RunResult;
}

async function torch(threads: number, sizes: readonly number[], warmUp: number, steps: number): Promise<RunResult> {
  const { stdout } = await execFileAsync(PYTHON, [TORCH_SCRIPT, String(threads), sizes.join(','), String(warmUp), String(steps)]);
  return JSON.parse(stdout.trim()) as RunResult;
}

function hasTorch(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

const format = (ms: number) => ms.toFixed(0).padStart(7);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`.padStart(8);

function printTable(results: Map<string, RunResult>, sizes: readonly number[], threads: number): void {
  const labels = [...results.keys()];
  console.log(`\nms per training step (reference network, batch 4, Adam), min / median:`);
  console.log(`${'size'.padEnd(6)}${labels.map((label) => label.padStart(18)).join('')}`);
  for (const size of sizes) {
    const cells = labels.map((label) => {
      const timing = results.get(label)!.training.find((t) => t.size === size)!;
      return `${format(timing.minMs)} /${format(timing.medianMs)}  `;
    });
    console.log(`${String(size).padEnd(6)}${cells.join('')}`);
  }
  console.log(`\nforward only, 512x512 batch 1, min ms:`);
  console.log(labels.map((label) => `  ${label}: ${Math.min(...results.get(label)!.forwardMs).toFixed(0)}`).join('\n'));

  const pairs: [string, string][] = [
    ['wasm-1', 'torch-1'],
    [`wasm-${threads}`, `torch-${threads}`],
    ['cpu', `torch-${threads}`],
  ];
  console.log(`\nratios (min times; tfjs / PyTorch):`);
  for (const [ours, reference] of pairs) {
    const a = results.get(ours);
    const b = results.get(reference);
    if (!a || !b) continue;
    const perSize = sizes.map((size) => {
      const mine = a.training.find((t) => t.size === size)!.minMs;
      const theirs = b.training.find((t) => t.size === size)!.minMs;
      return `${size}: ${ratio(mine, theirs)}`;
    });
    console.log(`  ${`${ours} / ${reference}`.padEnd(20)} training ${perSize.join('  ')}   inference 512: ${ratio(Math.min(...a.forwardMs), Math.min(...b.forwardMs))}`);
  }
  console.log(
    `\ntargets: training step <= ${TRAINING_TARGET}x PyTorch at 128x128 on ${threads} threads (wasm-${threads} / torch-${threads}); ` +
      `inference <= ${INFERENCE_TARGET}x.`,
  );
}

export const trainingStepBenchmark = {
  name: 'training-step',
  describe:
    'ms per training step of the reference network on cpu, wasm 1 thread and wasm all threads, against PyTorch in the same run',
  async run(args: readonly string[]): Promise<void> {
    const threads = Number(option(args, 'threads') ?? os.availableParallelism());
    const sizes = (option(args, 'sizes') ?? '64,128').split(',').map(Number);
    const steps = Number(option(args, 'steps') ?? 20);
    const backends = (option(args, 'backends') ?? `cpu,wasm-1,wasm-${threads}`).split(',');
    const configurations: Configuration[] = backends.map((name) => {
      const [backend, count] = name.split('-');
      // cpu takes tens of seconds per step at 128x128: one warm-up and two timed steps say enough.
      return backend === 'cpu'
        ? { label: 'cpu', run: () => tfjs('cpu', 1, sizes, 1, 2) }
        : { label: name, run: () => tfjs(backend!, Number(count ?? threads), sizes, 3, steps) };
    });
    if (hasTorch()) {
      for (const count of new Set([1, threads])) configurations.push({ label: `torch-${count}`, run: () => torch(count, sizes, 3, steps) });
    } else {
      console.log('PyTorch reference skipped: /usr/bin/python3 cannot import torch (Debian package python3-torch).');
    }
    const results = new Map<string, RunResult>();
    for (const configuration of configurations) {
      const result = await configuration.run();
      console.log(`${configuration.label.padEnd(10)} ${result.engine}`);
      results.set(configuration.label, result);
    }
    printTable(results, sizes, threads);
  },
};
