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
const WARM_UP = 3;
const FORWARD_RUNS = 5;
/**
 * The pure-JS cpu backend takes ~20 s per step at 64x64, ~75 s at 128x128 and ~90 s per 512x512
 * forward pass on a 2-core machine; it compiles nothing, so one warm-up run is enough and a few timed
 * runs keep the benchmark within minutes instead of an hour.
 */
const CPU_WARM_UP = 1;
const CPU_FORWARD_RUNS = 2;
const cpuSteps = (size: number) => (size <= 64 ? 3 : 2);

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

async function tfjs(backend: string, threads: number, schedule: string, warmUp: number, forwardRuns: number): Promise<RunResult> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@hdr-lab/source', WORKER, backend, String(threads), schedule, String(warmUp), String(forwardRuns)],
    { maxBuffer: 16 << 20 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as RunResult;
}

async function torch(threads: number, sizes: readonly number[], steps: number): Promise<RunResult> {
  const { stdout } = await execFileAsync(PYTHON, [TORCH_SCRIPT, String(threads), sizes.join(','), String(WARM_UP), String(steps)]);
  return JSON.parse(stdout.trim()) as RunResult;
}

function hasTorch(): boolean {
  return spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

function summary(ms: readonly number[]): { minMs: number; medianMs: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { minMs: sorted[0]!, medianMs: sorted[sorted.length >> 1]! };
}

const cell = ({ minMs, medianMs }: { minMs: number; medianMs: number }) =>
  `${minMs.toFixed(0).padStart(7)} /${medianMs.toFixed(0).padStart(7)}`.padStart(18);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

function printTable(results: Map<string, RunResult>, sizes: readonly number[], threads: number): void {
  const labels = [...results.keys()];
  const rows: [string, (result: RunResult) => { minMs: number; medianMs: number }][] = [
    ...sizes.map((size): [string, (result: RunResult) => Timing] => [`train ${size}`, (r) => r.training.find((t) => t.size === size)!]),
    ['forward 512', (r) => summary(r.forwardMs)],
  ];
  console.log('\nms, min / median (training: reference network, batch 4, Adam, L1; forward: 512x512 batch 1):');
  console.log(`${''.padEnd(12)}${labels.map((label) => label.padStart(18)).join('')}`);
  for (const [name, pick] of rows) console.log(`${name.padEnd(12)}${labels.map((label) => cell(pick(results.get(label)!))).join('')}`);

  const pairs = [
    ['wasm-1', 'torch-1'],
    [`wasm-${threads}`, `torch-${threads}`],
    ['cpu', `torch-${threads}`],
  ] as const;
  console.log('\nratios tfjs / PyTorch, min (median):');
  for (const [ours, reference] of pairs) {
    const a = results.get(ours);
    const b = results.get(reference);
    if (!a || !b) continue;
    const cells = rows.map(([name, pick]) => {
      const [mine, theirs] = [pick(a), pick(b)];
      return `${name}: ${ratio(mine.minMs, theirs.minMs)} (${ratio(mine.medianMs, theirs.medianMs)})`;
    });
    console.log(`  ${`${ours} / ${reference}`.padEnd(18)} ${cells.join('   ')}`);
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
    const schedule = (stepsAt: (size: number) => number) => sizes.map((size) => `${size}:${stepsAt(size)}`).join(',');
    const cpuSchedule = schedule((size) => Math.min(steps, cpuSteps(size)));
    const configurations: Configuration[] = backends.map((name) => {
      const [backend, count] = name.split('-');
      return backend === 'cpu'
        ? { label: 'cpu', run: () => tfjs('cpu', 1, cpuSchedule, CPU_WARM_UP, CPU_FORWARD_RUNS) }
        : { label: name, run: () => tfjs(backend!, Number(count ?? threads), schedule(() => steps), WARM_UP, FORWARD_RUNS) };
    });
    if (hasTorch()) {
      for (const count of new Set([1, threads])) configurations.push({ label: `torch-${count}`, run: () => torch(count, sizes, steps) });
    } else {
      console.log('PyTorch reference skipped: /usr/bin/python3 cannot import torch (install the Debian package python3-torch).');
    }
    console.log(
      `timed steps: ${steps} after ${WARM_UP} warm-up (cpu size:steps ${cpuSchedule} after ${CPU_WARM_UP}); ` +
        `forward runs: ${FORWARD_RUNS} (cpu ${CPU_FORWARD_RUNS})`,
    );
    const results = new Map<string, RunResult>();
    for (const configuration of configurations) {
      const result = await configuration.run();
      console.log(`${configuration.label.padEnd(10)} ${result.engine}`);
      results.set(configuration.label, result);
    }
    printTable(results, sizes, threads);
  },
};
