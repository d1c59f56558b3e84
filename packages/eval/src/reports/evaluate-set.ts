import { assertFiniteSamples, readHdrFile, type HdrImage } from '@hdr-lab/core';
import { evaluateMetric, type MetricResult } from '../metrics/registry.js';
import { evaluateRangewise, type RangewiseOptions, type RangewiseResult } from '../rangewise/rangewise.js';
import type { MetricRequest } from './metric-requests.js';
import type { ImagePair } from './pairing.js';

/** Scores that run outside the synchronous registry (e.g. HDR-VDP in an external interpreter), one pair at a time. */
export interface ExternalScorer {
  readonly id: string;
  score(reference: HdrImage, test: HdrImage, pair: ImagePair): Promise<MetricResult>;
}

export interface EvaluationOptions {
  readonly metrics: readonly MetricRequest[];
  /** Range-wise protocol options, or false to skip it. */
  readonly rangewise: RangewiseOptions | false;
  readonly external?: readonly ExternalScorer[];
  readonly maxPixels?: number;
  /** Called after each pair, with its 1-based position. */
  readonly onProgress?: (done: number, total: number, record: ImageEvaluation) => void;
}

export interface ImageEvaluation {
  readonly name: string;
  readonly reference: string;
  readonly test: string;
  readonly width?: number;
  readonly height?: number;
  readonly metrics: readonly MetricResult[];
  readonly rangewise?: RangewiseResult;
  /** Why this pair has no scores (unreadable file, different sizes...): the other pairs still run. */
  readonly error?: string;
}

async function evaluatePair(pair: ImagePair, options: EvaluationOptions): Promise<ImageEvaluation> {
  const read = (path: string) => readHdrFile(path, options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels });
  const [{ image: reference }, { image: test }] = await Promise.all([read(pair.reference), read(pair.test)]);
  assertFiniteSamples(reference, pair.reference);
  assertFiniteSamples(test, pair.test);
  const metrics = options.metrics.map((request) => evaluateMetric(request.id, reference, test, request.params));
  for (const scorer of options.external ?? []) metrics.push(await scorer.score(reference, test, pair));
  return {
    ...pair,
    width: reference.width,
    height: reference.height,
    metrics,
    ...(options.rangewise ? { rangewise: evaluateRangewise(reference, test, options.rangewise) } : {}),
  };
}

/**
 * Scores every pair in turn; a pair that fails is recorded with its error and the rest carry on. A pair
 * with NaN or infinite samples fails that way too, its message naming the file, the count and the first
 * sample: no score (range-wise and external ones included) has a meaning for it.
 */
export async function evaluateSet(pairs: readonly ImagePair[], options: EvaluationOptions): Promise<ImageEvaluation[]> {
  const records: ImageEvaluation[] = [];
  for (const pair of pairs) {
    let record: ImageEvaluation;
    try {
      record = await evaluatePair(pair, options);
    } catch (error) {
      record = { ...pair, metrics: [], error: error instanceof Error ? error.message : String(error) };
    }
    records.push(record);
    options.onProgress?.(records.length, pairs.length, record);
  }
  return records;
}
