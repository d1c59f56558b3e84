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

/** Scores of an evaluation summary under stable names, each with its signature; the range-wise means too. */
export function namedScores(summary: EvaluationSummary): NamedScore[] {
  const counts = new Map<string, number>();
  for (const metric of summary.metrics) counts.set(metric.id, (counts.get(metric.id) ?? 0) + 1);
  const scores = summary.metrics.map((metric): NamedScore => {
    const params = Object.entries(metric.params).sort(([a], [b]) => a.localeCompare(b));
    const suffix = (counts.get(metric.id) ?? 0) > 1 ? `.${params.map(([name, value]) => `${name}_${String(value)}`).join('.')}` : '';
    return { key: `${metric.id}${suffix}`, mean: metric.mean, std: metric.std, n: metric.images, signature: `${metric.id} v${metric.version} ${JSON.stringify(Object.fromEntries(params))}` };
  });
  if (summary.rangewise) {
    const { signature, meanPsnr, meanSsim, levels } = summary.rangewise;
    const text = `rangewise v${signature.version} ${JSON.stringify(signature.params)}`;
    const images = levels[0]?.images ?? 0;
    scores.push({ key: 'rangewise.psnr', mean: meanPsnr, std: Number.NaN, n: images, signature: text }, { key: 'rangewise.ssim', mean: meanSsim, std: Number.NaN, n: images, signature: text });
  }
  return scores;
}
