import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

const require = createRequire(import.meta.url);

/**
 * The tfjs-backend-wasm build whose internals the threaded start-up below relies on. Another version
 * runs single-threaded, with a warning, rather than risk a hang.
 */
export const THREADED_WASM_VERSION = '4.22.0';

const WORKER_IMPORT = 'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}';

export interface ThreadedWasmSetup {
  /** Undo the temporary global patches once the backend has initialised. */
  restore(): void;
}

/**
 * tfjs-backend-wasm refuses threads under Node (tfjs issue 3830) and sizes XNNPACK's pool to half the
 * logical cores. Its threaded SIMD build runs in Node 20 once (1) the threads flag is forced on,
 * (2) the pthread workers are started from a file instead of a blob URL, which Node's Worker cannot
 * load, and (3) the core count it reads at start-up is doubled so that the pool holds `threads`.
 * Returns the reason instead when this installation cannot be set up that way.
 */
export function prepareThreadedWasm(threads: number): ThreadedWasmSetup | { unavailable: string } {
  const packageDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  if (version !== THREADED_WASM_VERSION) {
    return { unavailable: `@tensorflow/tfjs-backend-wasm is ${version}; threads are enabled for ${THREADED_WASM_VERSION} only` };
  }
  if (typeof SharedArrayBuffer === 'undefined') return { unavailable: 'this Node.js has no SharedArrayBuffer' };
  const workerFile = writeWorkerFile(packageDir, version);
  if (typeof workerFile !== 'string') return workerFile;

  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);

  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = (blob: Blob) => (blob.type === 'application/javascript' ? workerFile : createObjectURL(blob));
  const cpus = os.cpus;
  // XNNPACK's pool size is a static initialiser: min(requested, logical cores / 2, 8).
  os.cpus = () => {
    const real = cpus();
    return Array.from({ length: Math.max(2 * threads, real.length) }, (_, index) => real[index % real.length]!);
  };
  return {
    restore() {
      URL.createObjectURL = createObjectURL;
      os.cpus = cpus;
    },
  };
}

/**
 * The pthread worker script, written once per version next to the system temp files: the script that
 * tfjs embeds, changed to load the Emscripten glue from its file in the package instead of a blob.
 */
function writeWorkerFile(packageDir: string, version: string): string | { unavailable: string } {
  const source = readFileSync(path.join(packageDir, 'wasm-out/tfjs-backend-wasm-threaded-simd.worker.js'), 'utf8');
  const embedded = source.slice(source.indexOf('`') + 1, source.lastIndexOf('`'));
  const glue = path.join(packageDir, 'wasm-out/tfjs-backend-wasm-threaded-simd.js');
  if (!embedded.includes(WORKER_IMPORT)) {
    return { unavailable: 'the tfjs-backend-wasm worker script is not the expected one' };
  }
  const script = embedded.replace(WORKER_IMPORT, `if(true){importScripts(${JSON.stringify(glue)})}`);
  const digest = createHash('sha256').update(script).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `hdr-lab-tfjs-wasm-${version}-${digest}.worker.cjs`);
  if (existsSync(file)) return file;
  try {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, script);
    renameSync(temporary, file);
    return file;
  } catch (error) {
    return { unavailable: `cannot write the wasm worker script to ${file}: ${(error as Error).message}` };
  }
}

interface EmscriptenWorker {
  unref?: () => void;
}
interface WasmModuleWithThreads {
  PThread?: { unusedWorkers: EmscriptenWorker[]; runningWorkers: EmscriptenWorker[] };
}

/**
 * Live pthread workers would keep the process alive after its work is done; unreferenced, they end
 * with it.
 */
export function releaseWasmWorkers(): void {
  const backend = tf.backend() as unknown as { wasm?: WasmModuleWithThreads };
  const pool = backend.wasm?.PThread;
  if (!pool) return;
  for (const worker of [...pool.unusedWorkers, ...pool.runningWorkers]) worker.unref?.();
}
