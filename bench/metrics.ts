import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHdrImage, readHdrFile, resize, type HdrImage } from '@hdr-lab/core';
import { evaluateMetric, evaluateRangewise, METRIC_IDS } from '@hdr-lab/eval';

const ROOT = join(import.meta.dirname, '..');
const PYTHON = '/usr/bin/python3';
const WIDTH = 1920;
const HEIGHT = 1080;
/** Acceptance targets of the evaluation issue. */
const SSIM_SPEEDUP_TARGET = 2;
const RANGEWISE_MS_TARGET = 1000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timeRuns(runs: number, call: () => unknown): number[] {
  call();
  return Array.from({ length: runs }, () => {
    const start = performance.now();
    call();
    return performance.now() - start;
  });
}

/** A 1080p linear HDR pair from a real sample: the reference, and a noisy prediction 0.3 stops too bright. */
async function hdrPair(): Promise<[HdrImage, HdrImage]> {
  const { image } = await readHdrFile(join(ROOT, 'data', 'samples', 'Ocean.exr'));
  const reference = resize(image, WIDTH, HEIGHT);
  let seed = 7;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.1;
  const test = createHdrImage(WIDTH, HEIGHT, 3, Float32Array.from(reference.data, (v) => Math.max(0, v * 1.23 * (1 + noise()))));
  return [reference, test];
}

/** Display-referred [0, 1] copies (scaled by the reference's maximum, gamma 2.2), what SSIM and PSNR compare here. */
function displayPair([reference, test]: [HdrImage, HdrImage]): [HdrImage, HdrImage] {
  let max = 0;
  for (const v of reference.data) max = Math.max(max, v);
  const display = (image: HdrImage) =>
    createHdrImage(WIDTH, HEIGHT, 3, Float32Array.from(image.data, (v) => Math.min(1, Math.max(0, v / max)) ** (1 / 2.2)));
  return [display(reference), display(test)];
}

function scikitImage(pair: [HdrImage, HdrImage], runs: number): { tool: string; psnr: { value: number; ms: number[] }; ssim: { value: number; ms: number[] } } | undefined {
  if (spawnSync(PYTHON, ['-c', 'import skimage']).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'hdr-lab-bench-metrics-'));
  try {
    const files = pair.map((image, index) => {
      const path = join(dir, `${index}.f32`);
      writeFileSync(path, new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength));
      return path;
    });
    const script = join(import.meta.dirname, 'reference', 'skimage-metrics.py');
    return JSON.parse(execFileSync(PYTHON, [script, String(runs), String(WIDTH), String(HEIGHT), ...files], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(args: readonly string[]): Promise<void> {
  const runs = Number(args[0] ?? 5);
  const hdr = await hdrPair();
  const display = displayPair(hdr);
  console.log(`1920x1080 RGB float32 pair (Ocean sample resized, prediction noisy and 0.3 stops bright); median of ${runs} runs after a warm-up`);
  const ours = {
    psnr: median(timeRuns(runs, () => evaluateMetric('psnr', ...display))),
    ssim: median(timeRuns(runs, () => evaluateMetric('ssim', ...display))),
  };
  const reference = scikitImage(display, runs);
  console.log('\n| display-referred [0, 1] | ours (ms) | scikit-image (ms) | speed-up | value difference |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const id of ['psnr', 'ssim'] as const) {
    const theirs = reference?.[id];
    const ms = theirs ? median(theirs.ms) : NaN;
    const difference = theirs ? Math.abs(evaluateMetric(id, ...display).value - theirs.value) : NaN;
    console.log(`| ${id} | ${ours[id].toFixed(1)} | ${theirs ? ms.toFixed(1) : 'n/a'} | ${theirs ? (ms / ours[id]).toFixed(2) + 'x' : 'n/a'} | ${theirs ? difference.toExponential(1) : 'n/a'} |`);
  }
  if (!reference) console.log('(scikit-image not found: apt-get install python3-skimage for the reference column)');
  console.log('\n| full metric set on the linear HDR pair | ms |');
  console.log('| --- | --- |');
  let total = 0;
  for (const id of METRIC_IDS) {
    const ms = median(timeRuns(runs, () => evaluateMetric(id, ...hdr)));
    total += ms;
    console.log(`| ${id} | ${ms.toFixed(1)} |`);
  }
  const rangewise = median(timeRuns(runs, () => evaluateRangewise(...hdr)));
  console.log(`| rangewise (6 levels) | ${rangewise.toFixed(1)} |`);
  console.log(`| all of the above | ${(total + rangewise).toFixed(1)} |`);
  if (reference) {
    const skimageBoth = median(reference.psnr.ms) + median(reference.ssim.ms);
    console.log(`\n${reference.tool} PSNR + SSIM on the display pair: ${skimageBoth.toFixed(1)} ms; our full set is ${((total + rangewise) / skimageBoth).toFixed(2)}x that`);
    const speedup = median(reference.ssim.ms) / ours.ssim;
    console.log(`target SSIM >= ${SSIM_SPEEDUP_TARGET}x scikit-image: ${speedup >= SSIM_SPEEDUP_TARGET ? 'met' : 'MISSED'} (${speedup.toFixed(2)}x)`);
  }
  console.log(`target range-wise < ${RANGEWISE_MS_TARGET} ms at 1080p: ${rangewise < RANGEWISE_MS_TARGET ? 'met' : 'MISSED'} (${rangewise.toFixed(0)} ms)`);
}

export const metricsBenchmark = {
  name: 'metrics',
  describe: 'SSIM / PSNR on a 1080p pair against scikit-image in the same run, the full metric set and the range-wise protocol',
  run,
};
