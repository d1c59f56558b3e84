import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runViews, type KernelView } from './ssim-kernel.js';
import { SSIM_KERNEL_BASE64 } from './ssim-wasm.js';
import { SSIM_WORKER_SOURCE } from './worker-source.js';

/** Below this many plane pixels in a job, starting threads and sharing the images costs more than it saves. */
const PARALLEL_MIN_PIXELS = 2_000_000;
/** A helper that has not answered in this long is taken to be dead, rather than blocking forever. */
const HELPER_TIMEOUT_MS = 600_000;

let helpers: Worker[] | undefined;

/** Threads the SSIM family may use: HDR_LAB_THREADS (as the training engine), else every core. */
function threadCount(): number {
  const requested = Number(process.env['HDR_LAB_THREADS']);
  return Number.isInteger(requested) && requested > 0 ? requested : availableParallelism();
}

function helperPool(): Worker[] {
  helpers ??= Array.from({ length: Math.min(threadCount(), 8) - 1 }, () => {
    const worker = new Worker(SSIM_WORKER_SOURCE, { eval: true, workerData: { wasm: SSIM_KERNEL_BASE64 } });
    // Idle helpers must not keep a finished command alive.
    worker.unref();
    return worker;
  });
  return helpers;
}

function shared(data: Float32Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(data.byteLength);
  new Float32Array(buffer).set(data);
  return buffer;
}

/**
 * Runs one job's views: all on this thread when the job is small or only one thread is allowed, otherwise
 * dealt out round-robin to this thread and the helpers, which read the images from shared memory. The
 * metric API is synchronous, so this thread blocks on Atomics.wait until every helper has answered.
 */
export function runJob(x: Float32Array, y: Float32Array, views: readonly KernelView[], taps: Float64Array, c1: number, c2: number, out: Float64Array): void {
  const pixels = views.reduce((sum, view) => sum + view.width * view.height, 0);
  const pool = views.length > 1 && pixels >= PARALLEL_MIN_PIXELS ? helperPool() : [];
  if (pool.length === 0) {
    runViews(x, y, views, taps, c1, c2, out);
    return;
  }
  const lanes = Math.min(pool.length + 1, views.length);
  const share = (lane: number) => views.filter((_, index) => index % lanes === lane);
  const images = { x: shared(x), y: shared(y) };
  const results = new SharedArrayBuffer(out.byteLength);
  const waits = pool.slice(0, lanes - 1).map((helper, index) => {
    const done = new SharedArrayBuffer(4);
    helper.postMessage({ ...images, views: share(index + 1), taps, c1, c2, results, done });
    return new Int32Array(done);
  });
  runViews(x, y, share(0), taps, c1, c2, out);
  for (const status of waits) {
    if (Atomics.wait(status, 0, 0, HELPER_TIMEOUT_MS) === 'timed-out' || Atomics.load(status, 0) !== 1) {
      throw new Error('an SSIM helper thread failed; set HDR_LAB_THREADS=1 to compute on one thread');
    }
  }
  const fromHelpers = new Float64Array(results);
  for (let lane = 1; lane < lanes; lane++) {
    for (const view of share(lane)) out.set(fromHelpers.subarray(view.slot * 3, view.slot * 3 + 3), view.slot * 3);
  }
}
