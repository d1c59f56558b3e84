import { runJob } from './parallel.js';
import type { KernelSums, KernelView, PlanePair } from './ssim-kernel.js';

/**
 * Sums of the SSIM map and of its contrast-structure factor over the valid region of each plane pair,
 * and of the squared differences of all its samples, computed by the WebAssembly kernel
 * (packages/eval/assembly/ssim.ts). Consecutive pairs that view the same two sample arrays (the channels or
 * levels of one image pair) form one job: its images are copied into a kernel's memory once, and a large
 * job's views are shared out between this thread and helper threads. Each view's sums depend only on
 * the view, so the split never changes the results.
 */
export function kernelSsimSums(pairs: readonly PlanePair[], taps: Float64Array, c1: number, c2: number): KernelSums[] {
  const out = new Float64Array(pairs.length * 3);
  for (let start = 0; start < pairs.length; ) {
    const { x, y } = pairs[start]!;
    let end = start + 1;
    while (end < pairs.length && pairs[end]!.x.data === x.data && pairs[end]!.y.data === y.data) end++;
    const views = pairs.slice(start, end).map(({ x: plane, quantise }, index): KernelView => ({
      slot: start + index,
      width: plane.width,
      height: plane.height,
      stride: plane.stride,
      offset: plane.offset,
      quantise: quantise !== undefined,
      scale: quantise?.scale ?? 1,
      roundOffset: quantise?.roundOffset ?? 0,
    }));
    runJob(x.data, y.data, views, taps, c1, c2, out);
    start = end;
  }
  return pairs.map((_, index) => ({ ssim: out[index * 3]!, cs: out[index * 3 + 1]!, squaredErrors: out[index * 3 + 2]! }));
}
