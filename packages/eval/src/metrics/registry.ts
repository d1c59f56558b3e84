import { assertFiniteSamples, resolveParams, ParamError, type HdrImage, type ParamSpecs } from '@hdr-lab/core';
import { checkComparable, type Metric } from './metric.js';
import { psnrL, psnrMu, psnrMuNtire, ssimL, ssimMu } from './hdr-metrics.js';
import { msSsim } from './ms-ssim.js';
import { psnr } from './psnr.js';
import { puMsSsim, puPsnr, puPsnrY, puSsim } from './pu21-metrics.js';
import { ssim } from './ssim.js';
import { psnrTm, ssimTm } from './tone-mapped.js';

/** Every metric, by id. A new metric is added here and nowhere else. */
const METRICS = [
  psnr,
  ssim,
  msSsim,
  psnrMu,
  ssimMu,
  psnrMuNtire,
  psnrL,
  ssimL,
  puPsnr,
  puPsnrY,
  puSsim,
  puMsSsim,
  psnrTm,
  ssimTm,
] as unknown as readonly Metric<ParamSpecs>[];

export const METRIC_IDS = METRICS.map((metric) => metric.id);

/** A score with everything needed to know how it was computed. */
export interface MetricResult {
  readonly id: string;
  readonly version: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly value: number;
  readonly flags: readonly string[];
}

export function metric(id: string): Metric<ParamSpecs> {
  const found = METRICS.find((candidate) => candidate.id === id);
  if (!found) throw new ParamError('metrics', `unknown metric '${id}'; known: ${METRIC_IDS.join(', ')}`);
  return found;
}

/**
 * Scores `test` against `reference` with one metric, defaults filled in and every parameter checked. NaN
 * or infinite samples in either image are refused with a NonFiniteSampleError naming the image, how many
 * and the first: no metric has a meaning for them, and a NaN let through ends up a NaN or, worse, a
 * perfect score.
 */
export function evaluateMetric(
  id: string,
  reference: HdrImage,
  test: HdrImage,
  params: Readonly<Record<string, unknown>> = {},
): MetricResult {
  const chosen = metric(id);
  const resolved = resolveParams({ kind: 'metrics', id: chosen.id }, chosen.params, params);
  checkComparable(reference, test);
  assertFiniteSamples(reference, 'reference');
  assertFiniteSamples(test, 'test');
  const { value, flags } = chosen.compute(reference, test, resolved);
  return { id: chosen.id, version: chosen.version, params: resolved, value, flags };
}
