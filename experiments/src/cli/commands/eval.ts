import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DEFAULT_METRICS,
  evaluateSet,
  metricTable,
  pairByName,
  parseMetricRequests,
  parseRangewiseSettings,
  rangewiseTable,
  summariseEvaluation,
  toMarkdown,
  writeReport,
} from '@hdr-lab/eval';
import { UsageError } from '../errors.js';
import { extraMetricIds, startHdrVdpScorer } from '../hdrvdp-scorer.js';
import type { CliOutput } from '../output.js';
import { reconstructFolder } from './baselines.js';

export interface EvalCommandOptions {
  readonly ref: string;
  readonly test?: string;
  /** Score a model-free baseline's reconstructions of `inputs` instead of a folder of predictions. */
  readonly baseline?: string;
  readonly inputs?: string;
  readonly encoding: 'linear' | 'srgb';
  readonly outputScale?: number;
  readonly metrics?: readonly string[];
  readonly param?: readonly string[];
  /** False with --no-rangewise. */
  readonly rangewise: boolean;
  readonly out?: string;
  readonly maxPixels?: number;
}

/** The folder of images to score: --test, or a baseline's reconstructions of --inputs (kept in OUT/predictions with --out). */
async function testFolder(options: EvalCommandOptions, output: CliOutput): Promise<string> {
  if (options.baseline === undefined) {
    if (options.test === undefined) throw new UsageError('give --test DIR (predictions), or --baseline ID --inputs DIR to score a baseline');
    if (options.inputs !== undefined) throw new UsageError('--inputs goes with --baseline ID; with --test the predictions are scored as they are');
    return options.test;
  }
  if (options.test !== undefined) throw new UsageError('give either --test DIR or --baseline ID --inputs DIR, not both');
  if (options.inputs === undefined) throw new UsageError(`--baseline ${options.baseline} needs --inputs DIR: the LDR inputs it reconstructs from`);
  const out = options.out ? join(options.out, 'predictions') : await mkdtemp(join(tmpdir(), `hdr-lab-${options.baseline}-`));
  const scale = options.outputScale === undefined ? {} : { outputScale: options.outputScale };
  return reconstructFolder(options.baseline, { dir: options.inputs, encoding: options.encoding, ...scale }, out, output);
}

/**
 * Scores a directory of predictions against a directory of references, paired by file name: per-image
 * results, mean and standard deviation per metric, and the range-wise table. Returns the number of pairs
 * that could not be scored.
 */
export async function runEval(options: EvalCommandOptions, output: CliOutput): Promise<number> {
  const ids = options.metrics ?? DEFAULT_METRICS;
  const { requests, extra } = parseMetricRequests(ids, options.param ?? [], extraMetricIds(ids));
  const rangewise = options.rangewise ? parseRangewiseSettings(extra['rangewise']!) : false;
  const test = await testFolder(options, output);
  const pairing = await pairByName(options.ref, test);
  for (const name of pairing.unmatchedReference) output.err(`warning: reference '${name}' has no test image of the same name; left out`);
  for (const name of pairing.unmatchedTest) output.err(`warning: test image '${name}' has no reference of the same name; left out`);
  if (pairing.pairs.length === 0) {
    throw new UsageError(`no image in '${test}' has the name of an image in '${options.ref}' (pairs are matched by file name without extension)`);
  }
  const external = await startHdrVdpScorer(extra);
  let records;
  try {
    records = await evaluateSet(pairing.pairs, {
      metrics: requests,
      rangewise,
      external: external.scorers,
      ...(options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels }),
      onProgress: (done, total, record) =>
        output.err(`[${done}/${total}] ${record.name}${record.error ? `: failed: ${record.error}` : ''}`),
    });
  } finally {
    await external.close();
  }
  const summary = summariseEvaluation(records);
  if (options.out) {
    const run = {
      command: 'hdr-lab eval',
      reference: resolve(options.ref),
      test: resolve(test),
      ...(options.baseline ? { baseline: options.baseline, inputs: resolve(options.inputs!), encoding: options.encoding, outputScale: options.outputScale ?? null } : {}),
      unmatchedReference: pairing.unmatchedReference,
      unmatchedTest: pairing.unmatchedTest,
      finished: new Date().toISOString(),
    };
    const written = await writeReport(options.out, records, summary, run);
    output.err(`wrote ${written.join(', ')}`);
  }
  output.out(toMarkdown(metricTable(summary)).trimEnd());
  const rangewiseSummary = rangewiseTable(summary);
  if (rangewiseSummary) output.out(`\nrange-wise (${summary.rangewise!.levels[0]!.images} images)\n${toMarkdown(rangewiseSummary).trimEnd()}`);
  for (const failure of summary.failed) output.err(`failed: ${failure.name}: ${failure.error}`);
  return summary.failed.length;
}
