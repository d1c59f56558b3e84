import { execFile } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const WORKER = join(import.meta.dirname, 'models-worker.ts');

interface Row {
  model: string;
  preset: string;
  trainMs: number[];
  terms: string[];
  predictMs: number;
  parameters: Record<string, number>;
  error?: string;
}

function option(args: readonly string[], name: string): string | undefined {
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '—');

export const modelsBenchmark = {
  name: 'models',
  describe:
    'paper-size models: one training step at 256x256 batch 1 (synthesised from a shipped sample) and predict on a 1024x512 image, per CPU backend',
  async run(args: readonly string[]): Promise<void> {
    const threads = Number(option(args, 'threads') ?? os.availableParallelism());
    const steps = Number(option(args, 'steps') ?? 3);
    const backends = (option(args, 'backends') ?? `wasm-${threads}`).split(',');
    const models = option(args, 'models') ?? 'hybrid-loss-gan:rec,hybrid-loss-gan:full,deep-chain-hdri:paper';
    console.log(`models ${models}; ${steps} timed steps after one warm-up; no target yet`);
    console.log('\n| backend | model | preset | train step (median) | min | predict 1024x512 | loss terms |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const name of backends) {
      const [backend, count] = name.split('-');
      const { stdout } = await execFileAsync(
        process.execPath,
        ['--import', 'tsx', '--conditions=@hdr-lab/source', WORKER, backend!, String(count ?? 1), models, String(steps)],
        { maxBuffer: 16 << 20 },
      );
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { engine: string; rows: Row[] };
      for (const row of result.rows) {
        if (row.error) {
          console.log(`| ${name} | ${row.model} | ${row.preset} | failed: ${row.error} | | | |`);
          continue;
        }
        console.log(`| ${name} | ${row.model} | ${row.preset} | ${seconds(median(row.trainMs))} | ${seconds(Math.min(...row.trainMs))} | ${seconds(row.predictMs)} | ${row.terms.join(', ')} |`);
      }
      console.log(`\n${name}: ${result.engine}`);
    }
  },
};
