import type { Plane } from '../planes.js';
import { SSIM_KERNEL_BASE64 } from './ssim-wasm.js';

interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  freeMemoryStart(): number;
  workBytes(width: number, window: number): number;
  ssimSums(
    xAt: number,
    yAt: number,
    width: number,
    height: number,
    stride: number,
    offset: number,
    quantise: boolean,
    scale: number,
    roundOffset: number,
    tapsAt: number,
    window: number,
    workAt: number,
    c1: number,
    c2: number,
    outAt: number,
  ): void;
}

/** The part of the WebAssembly API used here; the package's type libraries do not declare it. */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: unknown };
}

/** A linear 8-bit level of the planes, clip(floor(v * scale + roundOffset), 0, 255), as core's rangeLevel. */
export interface LevelQuantisation {
  readonly scale: number;
  readonly roundOffset: number;
}

/** Two planes of the same geometry to compare, optionally both quantised to a level first. */
export interface PlanePair {
  readonly x: Plane;
  readonly y: Plane;
  readonly quantise?: LevelQuantisation;
}

/** Sums over one plane pair: of the SSIM map and its cs factor (valid region), and of squared differences (all samples). */
export interface KernelSums {
  readonly ssim: number;
  readonly cs: number;
  readonly squaredErrors: number;
}

const PAGE_BYTES = 65536;
const F64 = 8;
const F32 = 4;

let kernel: KernelExports | undefined;

function instance(): KernelExports {
  if (!kernel) {
    const bytes = Uint8Array.from(atob(SSIM_KERNEL_BASE64), (char) => char.charCodeAt(0));
    const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
    kernel = new wasm.Instance(new wasm.Module(bytes)).exports as KernelExports;
  }
  return kernel;
}

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** One plane pair of a job, as the kernel reads it from the job's two images; `slot` is its place in the results. */
export interface KernelView {
  readonly slot: number;
  readonly width: number;
  readonly height: number;
  readonly stride: number;
  readonly offset: number;
  readonly quantise: boolean;
  readonly scale: number;
  readonly roundOffset: number;
}

/** Runs views of one image pair on this thread's kernel instance, writing three sums per view into `out`. */
export function runViews(x: Float32Array, y: Float32Array, views: readonly KernelView[], taps: Float64Array, c1: number, c2: number, out: Float64Array): void {
  const k = instance();
  const window = taps.length;
  const tapsAt = align16(k.freeMemoryStart());
  const outAt = align16(tapsAt + window * F64);
  const xAt = outAt + 32;
  const yAt = align16(xAt + x.length * F32);
  const workAt = align16(yAt + y.length * F32);
  views.forEach((view, index) => {
    const end = workAt + k.workBytes(view.width, window);
    if (end > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((end - k.memory.buffer.byteLength) / PAGE_BYTES));
    if (index === 0) {
      new Float32Array(k.memory.buffer, xAt, x.length).set(x);
      new Float32Array(k.memory.buffer, yAt, y.length).set(y);
      new Float64Array(k.memory.buffer, tapsAt, window).set(taps);
    }
    k.ssimSums(xAt, yAt, view.width, view.height, view.stride, view.offset, view.quantise, view.scale, view.roundOffset, tapsAt, window, workAt, c1, c2, outAt);
    out.set(new Float64Array(k.memory.buffer, outAt, 3), view.slot * 3);
  });
}
