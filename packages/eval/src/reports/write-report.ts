import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@hdr-lab/core';
import type { ImageEvaluation } from './evaluate-set.js';
import type { EvaluationSummary } from './summary.js';
import { metricTable, rangewiseTable, toCsv, toMarkdown } from './tables.js';

/**
 * JSON has no Infinity or NaN; they are written as the strings "Infinity", "-Infinity" and "NaN" so an
 * identical pair's PSNR survives the round trip instead of turning into null.
 */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? String(item) : item), indent);
}

const encoder = new TextEncoder();

/** The files of one evaluation, each written atomically: per-image.jsonl, metrics.{md,csv,json}, rangewise.{md,csv,json}. */
export async function writeReport(
  directory: string,
  records: readonly ImageEvaluation[],
  summary: EvaluationSummary,
  run: Readonly<Record<string, unknown>>,
): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const files: [string, string][] = [
    ['per-image.jsonl', records.map((record) => toJson(record)).join('\n') + '\n'],
    ['metrics.md', toMarkdown(metricTable(summary))],
    ['metrics.csv', toCsv(metricTable(summary))],
    ['metrics.json', toJson({ run, pairs: summary.pairs, failed: summary.failed, metrics: summary.metrics }, 2) + '\n'],
  ];
  const rangewise = rangewiseTable(summary);
  if (rangewise && summary.rangewise) {
    files.push(['rangewise.md', toMarkdown(rangewise)], ['rangewise.csv', toCsv(rangewise)]);
    files.push(['rangewise.json', toJson({ run, ...summary.rangewise }, 2) + '\n']);
  }
  const paths = files.map(([name]) => join(directory, name));
  for (const [index, [, text]] of files.entries()) await writeFileAtomic(paths[index]!, encoder.encode(text));
  return paths;
}
