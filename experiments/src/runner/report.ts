import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readHdrFile, type HdrImage } from '@hdr-lab/core';
import { writeExperimentReport, experimentTableMarkdown, type ExperimentReportInput, type FigureRow, type VariantResult } from '@hdr-lab/eval';
import type { LoadedExperiment } from '../experiment/load.js';
import { NOT_LOSS_TERMS, readLosses } from '../train/losses-file.js';
import { namedScores } from './metric-keys.js';
import { readJson, readTrial, trialDir } from './state.js';
import type { TrialResult } from './trial-job.js';

/** Every score hdr-lab computes today is better when higher (PSNR, SSIM and their variants, HDR-VDP's Q). */
const higherIsBetter = (_key: string) => true;

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

async function figureRows(loaded: LoadedExperiment, dataDir: string, names: readonly string[]): Promise<FigureRow[]> {
  const count = loaded.config.eval.figures;
  if (count === 0 || names.length === 0) return [];
  const first = trialDir(loaded.config.out, names[0]!);
  const files = (await readdir(join(first, 'inputs')).catch(() => [] as string[])).sort().slice(0, count);
  const rows: FigureRow[] = [];
  for (const file of files) {
    const predictions: Record<string, HdrImage> = {};
    for (const name of names) {
      const image = await readHdrFile(join(trialDir(loaded.config.out, name), 'predictions', file)).catch(() => undefined);
      if (image) predictions[name] = image.image;
    }
    const { image: input } = await readHdrFile(join(first, 'inputs', file));
    // Bracket models are scored against their synthesis's normalised ground truth, which the figures must share.
    const synthesised = await readHdrFile(join(first, 'references', file)).catch(() => undefined);
    const { image: groundTruth } = synthesised ?? (await readHdrFile(join(dataDir, 'test', file)));
    rows.push({ name: file.replace(/\.exr$/i, ''), input, groundTruth, predictions });
  }
  return rows;
}

/**
 * Writes the experiment's report (report.md, report.html, figures) from what the trials left on disk:
 * completed trials with their scores, range-wise tables and loss curves, failed ones with their error.
 */
export async function writeExperimentSummary(loaded: LoadedExperiment, dataDir: string): Promise<{ dir: string; table: string }> {
  const { config } = loaded;
  const variants: VariantResult[] = [];
  const completed: string[] = [];
  for (const trial of loaded.trials) {
    const dir = trialDir(config.out, trial.name);
    const record = await readTrial(config.out, trial.name);
    const result = record?.status === 'completed' ? await readJson<TrialResult>(join(dir, 'result.json')) : undefined;
    const losses = await lossCurves(dir);
    if (!result) {
      variants.push({ name: trial.name, description: trial.label, status: 'failed', error: record?.error ?? `not finished (${record?.status ?? 'never started'})`, metrics: {}, losses });
      continue;
    }
    completed.push(trial.name);
    const metrics = Object.fromEntries(
      namedScores(result.summary).map((score) => [score.key, { mean: score.mean, std: score.std, n: score.n, higherIsBetter: higherIsBetter(score.key), signature: score.signature }]),
    );
    variants.push({
      name: trial.name,
      description: trial.label,
      status: 'completed',
      metrics,
      ...(result.summary.rangewise ? { rangewise: result.summary.rangewise } : {}),
      losses,
    });
  }
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
    },
    variants,
    figures: await figureRows(loaded, dataDir, completed),
    exposures: config.eval.exposures,
  };
  const dir = join(config.out, 'report');
  await writeExperimentReport(dir, input);
  return { dir, table: experimentTableMarkdown(input) };
}
