import { createHash } from 'node:crypto';
import { access, copyFile, mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { writeHdrFile, type HdrImage } from '@hdr-lab/core';
import { evaluateSet, summariseEvaluation, writeReport, type EvaluationSummary, type ImagePair, type MetricRequest, type RangewiseOptions } from '@hdr-lab/eval';
import { baseline, type BaselineInput } from '@hdr-lab/models';
import { FLOAT_EXR } from './scored-files.js';

/** A baseline's scores on a trial's test inputs. */
export interface BaselineScores {
  readonly summary: EvaluationSummary;
  /** Hash of every test input it ran on: trials with the same key saw the same inputs. */
  readonly inputsKey: string;
}

function hashImage(hash: ReturnType<typeof createHash>, image: HdrImage): void {
  hash.update(`${image.width}x${image.height}x${image.channels};`);
  hash.update(new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength));
}

/** The identity of a test input as a baseline sees it: its pixels, encoding or gamma and exposure times. */
export function inputKey(input: BaselineInput): string {
  const hash = createHash('sha256');
  if (input.kind === 'single-image') {
    hash.update(`single-image;${input.encoding};`);
    hashImage(hash, input.image);
  } else {
    hash.update(`bracket;${input.gamma};`);
    for (const exposure of input.bracket.exposures) {
      hash.update(`${exposure.time};`);
      hashImage(hash, exposure.image);
    }
  }
  return hash.digest('hex');
}

/**
 * A baseline's reconstruction of one input, from the experiment's cache when the same baseline version has seen
 * the same input (every variant of an ablation shares its test inputs), else made and cached atomically.
 */
async function cachedReconstruction(id: string, input: BaselineInput, key: string, cacheDir: string): Promise<string> {
  const entry = baseline(id);
  const path = join(cacheDir, `${id}-${createHash('sha256').update(`${entry.version};${key}`).digest('hex').slice(0, 32)}.exr`);
  // Written under a temporary name and renamed, so a file that exists is whole.
  if (await access(path).then(() => true, () => false)) return path;
  await mkdir(cacheDir, { recursive: true });
  const partial = `${path}.${process.pid}.partial.exr`;
  await writeHdrFile(partial, entry.reconstruct(input).image, FLOAT_EXR);
  await rename(partial, path);
  return path;
}

export interface BaselineRequest {
  readonly ids: readonly string[];
  /** Where reconstructions are cached across the experiment's trials. */
  readonly cacheDir: string;
  /** The trial folder: baselines/ID/predictions and baselines/ID/eval go there. */
  readonly dir: string;
  readonly metrics: readonly MetricRequest[];
  readonly rangewise: RangewiseOptions | false;
}

/** One test input as the trial evaluated it: its name, the reference it is scored against, and the baseline's input. */
export interface BaselineCase {
  readonly file: string;
  readonly reference: string;
  readonly input: BaselineInput;
}

/** Scores every requested baseline on the trial's test inputs exactly as the trial's predictions are scored. */
export async function scoreBaselines(request: BaselineRequest, cases: readonly BaselineCase[], log: (line: string) => void): Promise<Record<string, BaselineScores>> {
  const keys = cases.map((item) => inputKey(item.input));
  const inputsKey = createHash('sha256').update(keys.join(';')).digest('hex');
  const scores: Record<string, BaselineScores> = {};
  for (const id of request.ids) {
    const predictions = join(request.dir, 'baselines', id, 'predictions');
    await mkdir(predictions, { recursive: true });
    const pairs: ImagePair[] = [];
    for (const [index, item] of cases.entries()) {
      const cached = await cachedReconstruction(id, item.input, keys[index]!, request.cacheDir);
      await copyFile(cached, join(predictions, item.file));
      pairs.push({ name: item.file.replace(/\.exr$/i, ''), reference: item.reference, test: join(predictions, item.file) });
    }
    const records = await evaluateSet(pairs, { metrics: request.metrics, rangewise: request.rangewise });
    const summary = summariseEvaluation(records);
    await writeReport(join(request.dir, 'baselines', id, 'eval'), records, summary, { baseline: id, images: cases.length });
    scores[id] = { summary, inputsKey };
    log(`baseline ${id}: scored on ${cases.length} test input(s)`);
  }
  return scores;
}
