/**
 * The code of an SSIM helper thread, run with `eval: true` so that it needs no module resolution (the
 * package runs from TypeScript sources in development and from dist when built). It instantiates the
 * kernel from `workerData.wasm`, and for each message copies the two images from their SharedArrayBuffers
 * into its own memory, runs `ssimSums` for each plane view and writes the three sums per view into
 * `results`, then sets `done[0]` to 1 (2 on failure) and wakes the waiting thread.
 */
export const SSIM_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bytes = Buffer.from(workerData.wasm, 'base64');
const kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
const align16 = (n) => Math.ceil(n / 16) * 16;
parentPort.on('message', ({ x, y, views, taps, c1, c2, results, done }) => {
  const status = new Int32Array(done);
  try {
    const out = new Float64Array(results);
    const tapsAt = align16(kernel.freeMemoryStart());
    const outAt = align16(tapsAt + taps.length * 8);
    const xAt = outAt + 32;
    const yAt = align16(xAt + x.byteLength);
    const workAt = align16(yAt + y.byteLength);
    views.forEach((view, index) => {
      const end = workAt + kernel.workBytes(view.width, taps.length);
      if (end > kernel.memory.buffer.byteLength) kernel.memory.grow(Math.ceil((end - kernel.memory.buffer.byteLength) / 65536));
      if (index === 0) {
        new Float32Array(kernel.memory.buffer, xAt, x.byteLength / 4).set(new Float32Array(x));
        new Float32Array(kernel.memory.buffer, yAt, y.byteLength / 4).set(new Float32Array(y));
        new Float64Array(kernel.memory.buffer, tapsAt, taps.length).set(taps);
      }
      kernel.ssimSums(xAt, yAt, view.width, view.height, view.stride, view.offset, view.quantise, view.scale, view.roundOffset,
        tapsAt, taps.length, workAt, c1, c2, outAt);
      out.set(new Float64Array(kernel.memory.buffer, outAt, 3), view.slot * 3);
    });
    Atomics.store(status, 0, 1);
  } catch (error) {
    Atomics.store(status, 0, 2);
  }
  Atomics.notify(status, 0);
});
`;
