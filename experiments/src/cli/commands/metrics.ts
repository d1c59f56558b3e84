import { readHdrFile } from '@hdr-lab/core';
import { DEFAULT_METRICS, evaluateMetric, parseMetricRequests, toJson } from '@hdr-lab/eval';
import { extraMetricIds, startHdrVdpScorer } from '../hdrvdp-scorer.js';
import type { CliOutput } from '../output.js';

export interface MetricsCommandOptions {
  readonly ref: string;
  readonly test: string;
  readonly metrics?: readonly string[];
  readonly param?: readonly string[];
  readonly json?: boolean;
  readonly maxPixels?: number;
}

/** Scores one test image against one reference with each requested metric; settings checked before reading. */
export async function runMetrics(options: MetricsCommandOptions, output: CliOutput): Promise<void> {
  const ids = options.metrics ?? DEFAULT_METRICS;
  const extraIds = extraMetricIds(ids).filter((id) => id !== 'rangewise');
  const { requests, extra } = parseMetricRequests(ids, options.param ?? [], extraIds);
  const read = (path: string) => readHdrFile(path, options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels });
  const [{ image: reference }, { image: test }] = await Promise.all([read(options.ref), read(options.test)]);
  const results = requests.map((request) => evaluateMetric(request.id, reference, test, request.params));
  const external = await startHdrVdpScorer(extra);
  try {
    for (const scorer of external.scorers) results.push(await scorer.score(reference, test, { name: options.test, reference: options.ref, test: options.test }));
  } finally {
    await external.close();
  }
  if (options.json) {
    output.out(toJson(results));
    return;
  }
  const width = Math.max(...results.map((result) => result.id.length));
  for (const result of results) {
    const flags = result.flags.length > 0 ? ` [${result.flags.join(', ')}]` : '';
    const params = Object.entries(result.params).map(([name, value]) => `${name}=${String(value)}`).join(' ');
    output.out(`${result.id.padEnd(width)}  ${result.value.toFixed(result.id.includes('psnr') ? 4 : 6)}${flags}  (v${result.version}; ${params})`);
  }
}
