import { readHdrFile } from '@hdr-lab/core';
import { DEFAULT_METRICS, evaluateMetric, HDRVDP_SETTING_NAMES, metric, METRIC_IDS, parseMetricRequests, toJson } from '@hdr-lab/eval';
import { describeParams } from '../describe-params.js';
import { UsageError } from '../errors.js';
import { extraMetricIds, startHdrVdpScorer } from '../hdrvdp-scorer.js';
import type { CliOutput } from '../output.js';

export interface MetricsCommandOptions {
  readonly ref?: string;
  readonly test?: string;
  readonly metrics?: readonly string[];
  readonly param?: readonly string[];
  readonly json?: boolean;
  readonly maxPixels?: number;
}

/** Every registered metric with its version, meaning and parameters (default, admissible values). */
export function listMetrics(output: CliOutput): void {
  for (const id of METRIC_IDS) {
    const chosen = metric(id);
    output.out(`${id} (v${chosen.version}): ${chosen.describe}`);
    for (const line of describeParams(chosen.params)) output.out(line);
  }
  output.out('hdr-vdp: HDR-VDP 2.2.x / 3.x run in GNU Octave or MATLAB from a checkout you supply (README, "Evaluation")');
  output.out(`    settings: ${HDRVDP_SETTING_NAMES.join(', ')}`);
}

/** Scores one test image against one reference with each requested metric; settings checked before reading. */
export async function runMetrics(options: MetricsCommandOptions, output: CliOutput): Promise<void> {
  if (options.ref === undefined || options.test === undefined) throw new UsageError('give --ref FILE and --test FILE (or --list)');
  const { ref, test: testPath } = options;
  const ids = options.metrics ?? DEFAULT_METRICS;
  const extraIds = extraMetricIds(ids).filter((id) => id !== 'rangewise');
  const { requests, extra } = parseMetricRequests(ids, options.param ?? [], extraIds);
  const read = (path: string) => readHdrFile(path, options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels });
  const [{ image: reference }, { image: test }] = await Promise.all([read(ref), read(testPath)]);
  const results = requests.map((request) => evaluateMetric(request.id, reference, test, request.params));
  const external = await startHdrVdpScorer(extra);
  try {
    for (const scorer of external.scorers) results.push(await scorer.score(reference, test, { name: testPath, reference: ref, test: testPath }));
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
