import type { EvaluationSummary } from '@hdr-lab/eval';

export interface NamedScore {
  /** The key the tracking store and the report use: `psnr-tm`, or `psnr-mu.mu_5000` when one id is scored twice. */
  readonly key: string;
  readonly mean: number;
  readonly std: number;
  readonly n: number;
  /** `id vversion {params}`: how the score was computed. */
  readonly signature: string;
}

/** The key of one score: its id, with its settings appended when the same id is scored more than once (`counts`). */
export function metricKey(id: string, params: Readonly<Record<string, unknown>>, counts: ReadonlyMap<string, number>): string {
  const sorted = Object.entries(params).sort(([a], [b]) => a.localeCompare(b));
  return (counts.get(id) ?? 0) > 1 ? `${id}.${sorted.map(([name, value]) => `${name}_${String(value)}`).join('.')}` : id;
}

/** Scores of an evaluation summary under stable names, each with its signature; the range-wise means too. */
export function namedScores(summary: EvaluationSummary): NamedScore[] {
  const counts = new Map<string, number>();
  for (const metric of summary.metrics) counts.set(metric.id, (counts.get(metric.id) ?? 0) + 1);
  const scores = summary.metrics.map((metric): NamedScore => {
    const params = Object.entries(metric.params).sort(([a], [b]) => a.localeCompare(b));
    return { key: metricKey(metric.id, metric.params, counts), mean: metric.mean, std: metric.std, n: metric.images, signature: `${metric.id} v${metric.version} ${JSON.stringify(Object.fromEntries(params))}` };
  });
  if (summary.rangewise) {
    const { signature, meanPsnr, meanSsim, levels } = summary.rangewise;
    const text = `rangewise v${signature.version} ${JSON.stringify(signature.params)}`;
    const images = levels[0]?.images ?? 0;
    scores.push({ key: 'rangewise.psnr', mean: meanPsnr, std: Number.NaN, n: images, signature: text }, { key: 'rangewise.ssim', mean: meanSsim, std: Number.NaN, n: images, signature: text });
  }
  return scores;
}
