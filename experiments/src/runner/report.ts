import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readHdrFile, type HdrImage } from '@hdr-lab/core';
import {
  METRIC_IDS,
  metric,
  writeExperimentReport,
  experimentTableMarkdown,
  type EvaluationSummary,
  type ExperimentReportInput,
  type FigureRow,
  type ImageScores,
  type VariantResult,
} from '@hdr-lab/eval';
import type { LoadedExperiment } from '../experiment/load.js';
import { NOT_LOSS_TERMS, readLosses } from '../train/losses-file.js';
import { namedScores } from './metric-keys.js';
import { readImageScores, sampleSources } from './per-image.js';
import { readJson, readTrial, trialDir } from './state.js';
import type { TrialResult } from './trial-job.js';

/** A score's direction as its metric declares it; the range-wise means and HDR-VDP's Q are better when higher. */
function higherIsBetter(key: string): boolean {
  const id = key.split('.')[0]!;
  return METRIC_IDS.includes(id) ? metric(id).higherIsBetter : true;
}

/**
 * A trial's loss curves, one series per term. A GAN logs its generator's terms as `generator/rec`, a
 * single network as `rec`: the prefix goes, so each chart compares the same term across variants.
 */
async function lossCurves(dir: string): Promise<Record<string, { step: number; value: number }[]>> {
  const curves: Record<string, { step: number; value: number }[]> = {};
  for (const line of await readLosses(join(dir, 'train', 'losses.jsonl'))) {
    for (const [term, value] of Object.entries(line)) {
      if (NOT_LOSS_TERMS.has(term) || term.endsWith('gradNorm')) continue;
      (curves[term.replace(/^generator\//, '')] ??= []).push({ step: line.step, value });
    }
  }
  return curves;
}

/** A column of the figure grid: a variant's or a baseline's predictions folder. */
interface FigureColumn {
  readonly name: string;
  readonly predictions: string;
}

/**
 * The test images the figure grid shows: `count` of them taken from each source image in turn (so two figures of
 * a two-image test split show both scenes), then each variant's worst image by the first column, so the
 * per-image tables can link the worst cases to a picture.
 */
function figureFiles(files: readonly string[], count: number, sources: ReadonlyMap<string, string>, variants: readonly VariantResult[]): string[] {
  const bySource = new Map<string, string[]>();
  for (const file of [...files].sort()) {
    const source = sources.get(file.replace(/\.exr$/i, '')) ?? file;
    bySource.set(source, [...(bySource.get(source) ?? []), file]);
  }
  const chosen: string[] = [];
  for (let round = 0; chosen.length < Math.min(count, files.length); round++) {
    for (const group of bySource.values()) if (group[round] !== undefined && chosen.length < count) chosen.push(group[round]!);
  }
  for (const variant of variants) {
    const key = Object.keys(variant.metrics)[0];
    const scored = (variant.perImage ?? []).filter((entry) => key !== undefined && Number.isFinite(entry.scores[key]));
    if (key === undefined || scored.length === 0) continue;
    const sign = variant.metrics[key]!.higherIsBetter ? 1 : -1;
    const worst = scored.reduce((a, b) => (sign * b.scores[key]! < sign * a.scores[key]! ? b : a));
    const file = files.find((candidate) => candidate.replace(/\.exr$/i, '') === worst.image);
    if (file && !chosen.includes(file)) chosen.push(file);
  }
  return chosen;
}

interface FigureRequest {
  readonly columns: readonly FigureColumn[];
  /** The trial whose inputs and references the figures show. */
  readonly first: string | undefined;
  readonly sources: ReadonlyMap<string, string>;
  readonly variants: readonly VariantResult[];
}

async function figureRows(loaded: LoadedExperiment, dataDir: string, { columns, first, sources, variants }: FigureRequest): Promise<FigureRow[]> {
  const count = loaded.config.eval.figures;
  if (count === 0 || first === undefined) return [];
  const firstDir = trialDir(loaded.config.out, first);
  const files = figureFiles(await readdir(join(firstDir, 'inputs')).catch(() => [] as string[]), count, sources, variants);
  const rows: FigureRow[] = [];
  for (const file of files) {
    const predictions: Record<string, HdrImage> = {};
    for (const column of columns) {
      const image = await readHdrFile(join(column.predictions, file)).catch(() => undefined);
      if (image) predictions[column.name] = image.image;
    }
    const { image: input } = await readHdrFile(join(firstDir, 'inputs', file));
    // Bracket models are scored against their synthesis's normalised ground truth, which the figures must share.
    const synthesised = await readHdrFile(join(firstDir, 'references', file)).catch(() => undefined);
    const { image: groundTruth } = synthesised ?? (await readHdrFile(join(dataDir, 'test', file)));
    rows.push({ name: file.replace(/\.exr$/i, ''), input, groundTruth, predictions });
  }
  return rows;
}

/** A summary's scores as the report's metric cells, each with the number of distinct source images behind it. */
function reportMetrics(summary: EvaluationSummary, perImage: readonly ImageScores[]): VariantResult['metrics'] {
  const sources = new Set(perImage.map((image) => image.source)).size;
  return Object.fromEntries(
    namedScores(summary).map((score) => [
      score.key,
      { mean: score.mean, std: score.std, n: score.n, higherIsBetter: higherIsBetter(score.key), signature: score.signature, ...(sources > 0 ? { sources } : {}) },
    ]),
  );
}

/**
 * Baseline rows from the first completed trial: every variant's inputs are the same test images made the same
 * way, so one trial's baseline scores stand for all (trials whose inputs differ are named in the settings).
 */
async function baselineRows(loaded: LoadedExperiment, first: { name: string; result: TrialResult } | undefined, sources: ReadonlyMap<string, string>) {
  const rows: VariantResult[] = [];
  const columns: FigureColumn[] = [];
  if (!first?.result.baselines) return { rows, columns };
  const dir = trialDir(loaded.config.out, first.name);
  for (const [id, scores] of Object.entries(first.result.baselines)) {
    const perImage = await readImageScores(join(dir, 'baselines', id, 'eval'), sources);
    rows.push({ name: id, role: 'baseline', description: 'model-free baseline', status: 'completed', metrics: reportMetrics(scores.summary, perImage), perImage, ...(scores.summary.rangewise ? { rangewise: scores.summary.rangewise } : {}) });
    columns.push({ name: id, predictions: join(dir, 'baselines', id, 'predictions') });
  }
  return { rows, columns };
}

/**
 * Writes the experiment's report (report.md, report.html, figures) from what the trials left on disk:
 * completed trials with their scores, range-wise tables and loss curves, failed ones with their error.
 */
export async function writeExperimentSummary(loaded: LoadedExperiment, dataDir: string): Promise<{ dir: string; table: string }> {
  const { config } = loaded;
  const sources = await sampleSources(dataDir);
  const variants: VariantResult[] = [];
  const columns: FigureColumn[] = [];
  const results: { name: string; result: TrialResult }[] = [];
  for (const trial of loaded.trials) {
    const dir = trialDir(config.out, trial.name);
    const record = await readTrial(config.out, trial.name);
    const result = record?.status === 'completed' ? await readJson<TrialResult>(join(dir, 'result.json')) : undefined;
    const losses = await lossCurves(dir);
    if (!result) {
      variants.push({ name: trial.name, description: trial.label, status: 'failed', error: record?.error ?? `not finished (${record?.status ?? 'never started'})`, metrics: {}, losses });
      continue;
    }
    results.push({ name: trial.name, result });
    columns.push({ name: trial.name, predictions: join(dir, 'predictions') });
    const perImage = await readImageScores(join(dir, 'eval'), sources);
    variants.push({
      name: trial.name,
      description: trial.label,
      status: 'completed',
      metrics: reportMetrics(result.summary, perImage),
      perImage,
      ...(result.summary.rangewise ? { rangewise: result.summary.rangewise } : {}),
      losses,
    });
  }
  const scored = results.find((entry) => entry.result.baselines);
  const baselines = await baselineRows(loaded, scored, sources);
  const inputsKey = (entry: (typeof results)[number]) => Object.values(entry.result.baselines ?? {})[0]?.inputsKey;
  const otherInputs = scored ? results.filter((entry) => entry.result.baselines && inputsKey(entry) !== inputsKey(scored)).map((entry) => entry.name) : [];
  const input: ExperimentReportInput = {
    title: config.description ? `${config.name}: ${config.description}` : config.name,
    kind: config.sweep ? 'sweep' : 'ablation',
    configHash: loaded.definitionHash,
    createdAt: new Date().toISOString(),
    settings: {
      model: `${config.model.id}${config.model.tiny ? ' (tiny)' : ''}`,
      steps: String(config.train.steps),
      batch: String(config.train.batchSize),
      data: dataDir,
      scale: config.scale,
      ...(otherInputs.length > 0 ? { 'baselines scored on': `${scored!.name}'s inputs; ${otherInputs.join(', ')} saw other inputs` } : {}),
    },
    variants: [...baselines.rows, ...variants],
    figures: await figureRows(loaded, dataDir, { columns: [...baselines.columns, ...columns], first: results[0]?.name, sources, variants: variants.filter((variant) => variant.status === 'completed') }),
    exposures: config.eval.exposures,
  };
  const dir = join(config.out, 'report');
  await writeExperimentReport(dir, input);
  return { dir, table: experimentTableMarkdown(input) };
}
