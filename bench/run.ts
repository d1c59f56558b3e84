/**
 * Benchmarks: `npm run bench -- <selector>` runs those whose name starts with the selector
 * (`npm run bench -- io` for all I/O benchmarks); no selector lists them.
 */
import { ioDecodeBenchmark } from './io-decode.js';
import { metricsBenchmark } from './metrics.js';
import { modelsBenchmark } from './models.js';
import { prepareBenchmark } from './prepare.js';
import { trainingStepBenchmark } from './training-step.js';

interface Benchmark {
  readonly name: string;
  readonly describe: string;
  readonly run: (args: readonly string[]) => Promise<void>;
}

const BENCHMARKS: readonly Benchmark[] = [ioDecodeBenchmark, metricsBenchmark, modelsBenchmark, prepareBenchmark, trainingStepBenchmark];

const [selector, ...rest] = process.argv.slice(2);
if (!selector || selector === '--help' || selector === '-h') {
  console.log('usage: npm run bench -- <selector> [options]\n\nbenchmarks:');
  for (const b of BENCHMARKS) console.log(`  ${b.name.padEnd(14)} ${b.describe}`);
  process.exit(selector ? 0 : 2);
}
const chosen = BENCHMARKS.filter((b) => b.name.startsWith(selector));
if (chosen.length === 0) {
  console.error(`no benchmark matches '${selector}'; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
for (const benchmark of chosen) {
  console.log(`# ${benchmark.name}: ${benchmark.describe}`);
  await benchmark.run(rest);
}
