import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import {
  BACKEND_CHOICES,
  BACKEND_ENV,
  BACKEND_ORDER,
  THREADS_ENV,
  isBackendChoice,
  type BackendChoice,
  type ConcreteBackend,
} from './backend-request.js';
import { registerConvGradientKernels } from './conv/kernels.js';
import { registerEngineGradients } from './gradients/register.js';
import { EngineError, backendUnavailable } from './errors.js';
import { firstLine, loadNativeBackend } from './native-backends.js';
import { prepareThreadedWasm, releaseWasmWorkers } from './wasm-threads.js';

export interface EngineOptions {
  /** An explicit choice (a command-line flag): wins over the environment. */
  readonly backend?: BackendChoice;
  /** The choice of an experiment config: used when neither `backend` nor HDR_LAB_BACKEND is set. */
  readonly configuredBackend?: BackendChoice;
  /** wasm thread count; default HDR_LAB_THREADS, else the number of cores. */
  readonly threads?: number;
  /** Where warnings go (default: standard error). */
  readonly onWarning?: (message: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

/** What the engine runs on; recorded with every training and evaluation run. */
export interface EngineInfo {
  readonly backend: ConcreteBackend;
  /** The name tfjs knows the backend by: tensorflow, wasm or cpu. */
  readonly tfBackend: string;
  readonly requested: BackendChoice;
  readonly tfjsVersion: string;
  /** Version of the backend package (tfjs-backend-wasm, tfjs-node, tfjs-node-gpu) or tfjs for cpu. */
  readonly backendVersion: string;
  /** libtensorflow's version, for the native backends. */
  readonly tensorflowVersion?: string;
  readonly threads: number;
  readonly simd?: boolean;
  /** Why backends earlier in the automatic order were passed over. */
  readonly skipped: readonly string[];
  readonly warnings: readonly string[];
}

let current: { requested: BackendChoice; threads: number; info: EngineInfo } | undefined;
let pending: Promise<EngineInfo> | undefined;

/**
 * Selects and starts the compute backend and installs the training kernels (conv gradients on wasm
 * and cpu, dilated conv gradients everywhere). Every entry point calls it; a later call that the running
 * engine satisfies (the same request, the backend it runs, or `auto`) returns the same result, and any
 * other request in the same process is an error because a started wasm thread pool cannot be resized.
 */
export async function initEngine(options: EngineOptions = {}): Promise<EngineInfo> {
  const env = options.env ?? process.env;
  const requested = resolveChoice(options, env);
  const threads = resolveThreads(options, env);
  if (current) {
    if (compatible(current, requested, threads)) return current.info;
    throw new EngineError(
      `The engine already runs on ${describeEngine(current.info)}; it cannot switch to '${requested}' ` +
        `with ${threads} thread(s) in the same process. Start a new process, or set ${BACKEND_ENV} before the first use.`,
    );
  }
  if (pending) {
    await pending.catch(() => undefined);
    return initEngine(options);
  }
  pending = start(requested, threads, options.onWarning ?? ((message) => process.stderr.write(`warning: ${message}\n`)));
  try {
    const info = await pending;
    current = { requested, threads, info };
    return info;
  } finally {
    pending = undefined;
  }
}

function compatible(running: NonNullable<typeof current>, requested: BackendChoice, threads: number): boolean {
  if (requested === 'auto') return true;
  if (requested !== running.requested && requested !== running.info.backend) return false;
  return running.info.backend !== 'wasm' || threads === running.threads;
}

/** The engine started by initEngine, if any. */
export function engineInfo(): EngineInfo | undefined {
  return current?.info;
}

/** One line for logs: backend, versions and threads. */
export function describeEngine(info: EngineInfo): string {
  const parts = [`${info.backend} (tfjs ${info.tfjsVersion}`];
  if (info.backend !== 'cpu') parts.push(`${info.backend === 'wasm' ? 'tfjs-backend-wasm' : `@tensorflow/${info.backend}`} ${info.backendVersion}`);
  if (info.tensorflowVersion) parts.push(`libtensorflow ${info.tensorflowVersion}`);
  if (info.simd !== undefined) parts.push(info.simd ? 'SIMD' : 'no SIMD');
  parts.push(`${info.threads} thread${info.threads === 1 ? '' : 's'})`);
  return parts.join(', ');
}

function resolveChoice(options: EngineOptions, env: NodeJS.ProcessEnv): BackendChoice {
  if (options.backend) return options.backend;
  const fromEnv = env[BACKEND_ENV]?.trim();
  if (fromEnv) {
    if (!isBackendChoice(fromEnv)) {
      throw new EngineError(`${BACKEND_ENV}='${fromEnv}' is not a backend; use one of: ${BACKEND_CHOICES.join(', ')}.`);
    }
    return fromEnv;
  }
  return options.configuredBackend ?? 'auto';
}

function resolveThreads(options: EngineOptions, env: NodeJS.ProcessEnv): number {
  if (options.threads !== undefined) return checkThreads(options.threads, 'the threads option');
  const fromEnv = env[THREADS_ENV]?.trim();
  if (fromEnv) return checkThreads(Number(fromEnv), `${THREADS_ENV}='${fromEnv}'`);
  return os.availableParallelism();
}

function checkThreads(value: number, source: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new EngineError(`${source} must be a whole number of threads, 1 or more.`);
  }
  return value;
}

async function start(requested: BackendChoice, threads: number, warn: (message: string) => void): Promise<EngineInfo> {
  const candidates = requested === 'auto' ? BACKEND_ORDER : [requested];
  const skipped: string[] = [];
  const warnings: string[] = [];
  const noteWarning = (message: string) => {
    warnings.push(message);
    warn(message);
  };
  for (const backend of candidates) {
    try {
      const started = await startBackend(backend, threads, noteWarning);
      installTrainingKernels();
      return {
        backend,
        tfBackend: tf.getBackend(),
        requested,
        tfjsVersion: tf.version.tfjs,
        skipped,
        warnings,
        ...started,
      };
    } catch (error) {
      if (requested !== 'auto') throw backendUnavailable(backend, firstLine(error));
      skipped.push(`${backend}: ${firstLine(error)}`);
    }
  }
  throw new EngineError(`No backend could start:\n${skipped.map((line) => `  ${line}`).join('\n')}`);
}

type StartedBackend = Pick<EngineInfo, 'backendVersion' | 'tensorflowVersion' | 'threads' | 'simd'>;

async function startBackend(backend: ConcreteBackend, threads: number, warn: (message: string) => void): Promise<StartedBackend> {
  switch (backend) {
    case 'tfjs-node-gpu':
    case 'tfjs-node': {
      const native = await loadNativeBackend(`@tensorflow/${backend}`);
      return { backendVersion: native.packageVersion, tensorflowVersion: native.tensorflowVersion, threads: os.availableParallelism() };
    }
    case 'wasm':
      return startWasm(threads, warn);
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('the tfjs cpu backend did not start');
      // The cpu backend's first write prints a banner recommending tfjs-node; the engine's own start-up
      // line already says which backend runs and how to change it.
      (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
      return { backendVersion: tf.version.tfjs, threads: 1 };
  }
}

async function startWasm(threads: number, warn: (message: string) => void): Promise<StartedBackend> {
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  if (threads > 1) {
    const setup = prepareThreadedWasm(threads);
    if ('unavailable' in setup) {
      warn(`wasm runs on 1 thread instead of ${threads}: ${setup.unavailable}.`);
    } else {
      let started: boolean;
      try {
        started = await tf.setBackend('wasm');
      } finally {
        setup.restore();
      }
      if (started) {
        releaseWasmWorkers();
        const actual = getThreadsCount();
        if (actual !== threads) warn(`wasm runs on ${actual} thread(s) instead of the ${threads} requested (XNNPACK's limit is 8).`);
        return { backendVersion: version_wasm, threads: actual, simd: Boolean(simd) };
      }
      warn(`the threaded wasm build did not start; wasm runs on 1 thread instead of ${threads}.`);
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    }
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs wasm backend did not start');
  return { backendVersion: version_wasm, threads: getThreadsCount(), simd: Boolean(simd) };
}

let kernelsInstalled = false;

function installTrainingKernels(): void {
  if (kernelsInstalled) return;
  registerConvGradientKernels('wasm');
  registerConvGradientKernels('cpu');
  registerEngineGradients();
  kernelsInstalled = true;
}
