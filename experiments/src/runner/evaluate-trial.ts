import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readHdrFile, writeHdrFile } from '@hdr-lab/core';
import { evaluateSet, summariseEvaluation, writeReport, type EvaluationSummary, type ImagePair, type MetricRequest } from '@hdr-lab/eval';
import { checkBaselineFits, defaultBaselines, type Model, type ModelData } from '@hdr-lab/models';
import type { EvaluationSettings } from '../experiment/config.js';
import { inputFromHdr } from '../train/input-from-hdr.js';
import { FLOAT_EXR } from './scored-files.js';
import { scoreBaselines, type BaselineCase, type BaselineScores } from './baseline-scores.js';

interface SampleLine {
  readonly file: string;
  readonly split: string;
}

/** The test split of a prepared set, in file order. */
export async function testSamples(dataDir: string): Promise<string[]> {
  const text = await readFile(join(dataDir, 'samples.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SampleLine)
    .filter((sample) => sample.split === 'test')
    .map((sample) => join(dataDir, sample.file));
}

/** The eval settings as metric requests (parameters as the strings the metric registry parses). */
export function metricRequests(settings: EvaluationSettings): MetricRequest[] {
  return settings.metrics.map((entry) =>
    typeof entry === 'string' ? { id: entry, params: {} } : { id: entry.id, params: Object.fromEntries(Object.entries(entry.params).map(([name, value]) => [name, String(value)])) },
  );
}

export interface TrialEvaluation {
  readonly summary: EvaluationSummary;
  /** Each baseline's scores on the same test inputs, by baseline id. */
  readonly baselines: Readonly<Record<string, BaselineScores>>;
  readonly images: number;
  readonly seconds: number;
}

/**
 * Runs a trained model on the test split (each ground truth turned into the model's input as in
 * training), writes inputs and predictions as EXR, and scores them: eval/ holds per-image.jsonl,
 * metrics.* and rangewise.*; then scores the baselines on the same inputs (baselines/ID/). A bracket model
 * is scored against its synthesis's ground truth (normalised, motion-free in the reference's geometry),
 * written to references/.
 */
export async function evaluateTrial(
  model: Model,
  data: ModelData,
  paths: { readonly dataDir: string; readonly dir: string; readonly baselineCache: string },
  settings: EvaluationSettings,
  log: (line: string) => void,
): Promise<TrialEvaluation> {
  const { dataDir, dir } = paths;
  const baselineIds = settings.baselines ?? defaultBaselines(model);
  for (const id of baselineIds) checkBaselineFits(id, model);
  const started = performance.now();
  const samples = (await testSamples(dataDir)).slice(0, settings.maxImages ?? Number.POSITIVE_INFINITY);
  if (samples.length === 0) throw new Error(`${dataDir}: the prepared set has no test samples; give its preparation a test split (split.test)`);
  await mkdir(join(dir, 'inputs'), { recursive: true });
  await mkdir(join(dir, 'predictions'), { recursive: true });
  const pairs: ImagePair[] = [];
  const cases: BaselineCase[] = [];
  for (const [index, reference] of samples.entries()) {
    const name = basename(reference);
    const { image } = await readHdrFile(reference);
    const input = await inputFromHdr(model, data, image, `eval/${name}`);
    const prediction = await input.predict();
    await writeHdrFile(join(dir, 'inputs', name), input.shown, FLOAT_EXR);
    await writeHdrFile(join(dir, 'predictions', name), prediction, FLOAT_EXR);
    let scoredAgainst = reference;
    if (input.groundTruth) {
      scoredAgainst = join(dir, 'references', name);
      await mkdir(join(dir, 'references'), { recursive: true });
      await writeHdrFile(scoredAgainst, input.groundTruth, FLOAT_EXR);
    }
    pairs.push({ name: name.replace(/\.exr$/i, ''), reference: scoredAgainst, test: join(dir, 'predictions', name) });
    cases.push({ file: name, reference: scoredAgainst, input: input.baselineInput });
    log(`predict [${index + 1}/${samples.length}] ${name}`);
  }
  const scoring = { metrics: metricRequests(settings), rangewise: settings.rangewise === false ? (false as const) : settings.rangewise };
  const records = await evaluateSet(pairs, scoring);
  const summary = summariseEvaluation(records);
  await writeReport(join(dir, 'eval'), records, summary, { images: samples.length, dataDir });
  const baselines = await scoreBaselines({ ids: baselineIds, cacheDir: paths.baselineCache, dir, ...scoring }, cases, log);
  return { summary, baselines, images: samples.length, seconds: (performance.now() - started) / 1000 };
}
