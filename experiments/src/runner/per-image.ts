import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ImageScores } from '@hdr-lab/eval';
import { metricKey } from './metric-keys.js';

interface PerImageLine {
  readonly name: string;
  readonly metrics?: readonly { readonly id: string; readonly params: Readonly<Record<string, unknown>>; readonly value: number | string }[];
  readonly rangewise?: { readonly meanPsnr: number | string; readonly meanSsim: number | string };
}

/** JSON keeps Infinity and NaN as strings (see the eval package's toJson). */
const numeric = (value: number | string): number => (typeof value === 'number' ? value : Number(value));

/** Which source image each prepared sample was cut from, by file name. */
export async function sampleSources(dataDir: string): Promise<Map<string, string>> {
  const text = await readFile(join(dataDir, 'samples.jsonl'), 'utf8').catch(() => '');
  const sources = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const sample = JSON.parse(line) as { file: string; source?: string };
    sources.set(basename(sample.file).replace(/\.exr$/i, ''), sample.source ?? basename(sample.file));
  }
  return sources;
}

/**
 * Per-image scores of one evaluation folder under the keys the results table uses (`psnr-tm`, or
 * `psnr-mu.mu_5000` when one id is scored with two settings; `rangewise.psnr`, `rangewise.ssim`).
 */
export async function readImageScores(evalDir: string, sources: ReadonlyMap<string, string>): Promise<ImageScores[]> {
  const text = await readFile(join(evalDir, 'per-image.jsonl'), 'utf8').catch(() => '');
  const lines = text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as PerImageLine);
  return lines.map((line) => {
    const counts = new Map<string, number>();
    for (const metric of line.metrics ?? []) counts.set(metric.id, (counts.get(metric.id) ?? 0) + 1);
    const scores: Record<string, number> = {};
    for (const metric of line.metrics ?? []) scores[metricKey(metric.id, metric.params, counts)] = numeric(metric.value);
    if (line.rangewise) {
      scores['rangewise.psnr'] = numeric(line.rangewise.meanPsnr);
      scores['rangewise.ssim'] = numeric(line.rangewise.meanSsim);
    }
    return { image: line.name, source: sources.get(line.name) ?? line.name, scores };
  });
}
