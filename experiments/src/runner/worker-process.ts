import { fork } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerMessage } from './trial-job.js';

/** The worker beside this module: compiled JavaScript in a build, TypeScript (through tsx) when run from source. */
function workerEntry(): { module: string; execArgv: string[] } {
  const extension = extname(fileURLToPath(import.meta.url));
  const module = fileURLToPath(new URL(`./trial-worker${extension}`, import.meta.url));
  return extension === '.ts' ? { module, execArgv: ['--import', 'tsx', '--conditions=@hdr-lab/source'] } : { module, execArgv: [] };
}

export interface WorkerOutcome {
  /** 0: done; 130: stopped on request with a checkpoint; anything else: failed. */
  readonly code: number;
  /** The error the worker reported, or how it died. */
  readonly error?: string;
}

/** When a worker on the wasm backend counts as stalled: its resident memory at the wasm ceiling and nothing heard for this long. */
export interface StallWatch {
  readonly silentSeconds: number;
}

/** wasm32 addresses 4 GiB; a worker that holds about that much has filled it (the process adds ~0.3 GiB of its own). */
const WASM_CEILING_BYTES = 4.2 * 2 ** 30;

function residentBytes(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

export interface WorkerHandle {
  readonly done: Promise<WorkerOutcome>;
  /** Asks the worker to stop after its current step (it checkpoints first). */
  stop(): void;
}

/**
 * Starts one trial's worker process. Its stdout, stderr and log messages go to `logFile`; its
 * messages reach `onMessage`. A worker killed by a signal is a failed attempt that names the signal.
 */
export function startWorker(jobFile: string, logFile: string, onMessage: (message: WorkerMessage) => void, stall?: StallWatch): WorkerHandle {
  const { module, execArgv } = workerEntry();
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`--- attempt started ${new Date().toISOString()}\n`);
  const child = fork(module, [jobFile], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let reported: string | undefined;
  let onWasm = false;
  let lastHeard = Date.now();
  // A network too large for wasm's 4 GiB memory does not fail: the worker sits at the ceiling and stops making progress.
  const watch = stall
    ? setInterval(() => {
        const resident = residentBytes(child.pid);
        if (!onWasm || Date.now() - lastHeard < stall.silentSeconds * 1000 || resident < WASM_CEILING_BYTES) return;
        reported =
          `the worker stopped making progress with ${(resident / 2 ** 30).toFixed(1)} GiB resident for ${stall.silentSeconds} s: the wasm backend's 4 GiB memory is full. ` +
          'Use smaller crops or batches, tiny: true, or the tfjs-node / tfjs-node-gpu backend';
        child.kill('SIGKILL');
      }, 5000)
    : undefined;
  watch?.unref();
  child.on('message', (message: WorkerMessage) => {
    lastHeard = Date.now();
    if (message.type === 'log' && message.line.startsWith('engine: wasm')) onWasm = true;
    if (message.type === 'log') log.write(`${message.line}\n`);
    if (message.type === 'error') {
      reported = message.message;
      log.write(`error: ${message.message}\n`);
    }
    onMessage(message);
  });
  const done = new Promise<WorkerOutcome>((resolve) => {
    child.on('error', (error) => {
      reported ??= `could not start the trial worker (${module}): ${error.message}`;
    });
    child.on('close', (code, signal) => {
      if (watch) clearInterval(watch);
      const outcome: WorkerOutcome =
        code === 0 || code === 130
          ? { code }
          : { code: code ?? 1, error: reported ?? (signal ? `the worker process was killed by ${signal}` : `the worker process exited with status ${code}`) };
      log.end(`--- attempt ended: ${outcome.code === 0 ? 'done' : outcome.code === 130 ? 'stopped' : `failed: ${outcome.error}`}\n`, () => resolve(outcome));
    });
  });
  return { done, stop: () => child.kill('SIGINT') };
}
