import { mkdir, readdir } from 'node:fs/promises';
import { join, parse } from 'node:path';
import { createHdrImage, expansionOperator, EXPANSION_OPERATOR_IDS, readImageFile, writeHdrFile, type HdrImage } from '@hdr-lab/core';
import { baseline, listBaselines } from '@hdr-lab/models';
import { UsageError } from '../errors.js';
import { describeParams } from '../describe-params.js';
import type { CliOutput } from '../output.js';

/** Every baseline with what it takes and, for the expansion operators, their parameters and published defaults. */
export function printBaselines(output: CliOutput): void {
  for (const entry of listBaselines()) {
    output.out(`${entry.id} (v${entry.version}, ${entry.kind} input): ${entry.describe}`);
    if (EXPANSION_OPERATOR_IDS.includes(entry.id)) for (const line of describeParams(expansionOperator(entry.id).params)) output.out(line);
  }
  output.out('experiments: eval.baselines: [ids] (default: every baseline for the model\'s kind of input); a folder: hdr-lab eval --baseline ID --inputs DIR --ref DIR');
}

const HDR_EXTENSIONS = new Set(['.exr', '.hdr', '.pfm']);
const LDR_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.tif', '.tiff']);

/** An LDR input as values in [0, 1]: an 8/16-bit file as decoded, an HDR file as stored (an experiment's inputs/). */
async function readInput(path: string): Promise<HdrImage> {
  const decoded = await readImageFile(path);
  if (decoded.kind === 'hdr') return decoded.image;
  const { width, height, channels, data } = decoded.image;
  return createHdrImage(width, height, channels, data);
}

/**
 * Runs a single-image baseline on every image of a folder and writes its reconstructions, named as the inputs
 * with .exr, into `out`; returns `out` for scoring against references of the same names.
 */
export interface FolderInputs {
  readonly dir: string;
  readonly encoding: 'linear' | 'srgb';
  /** Brings the linearised inputs into a model's units (see SingleImageBaselineInput.outputScale). */
  readonly outputScale?: number;
}

export async function reconstructFolder(id: string, inputs: FolderInputs, out: string, output: CliOutput): Promise<string> {
  const chosen = baseline(id);
  if (chosen.kind !== 'single-image') throw new UsageError(`baseline '${id}' fuses a bracket; over a folder, hdr-lab eval --baseline takes single-image baselines (multi-exposure baselines run inside experiments)`);
  const files = (await readdir(inputs.dir)).filter((name) => HDR_EXTENSIONS.has(parse(name).ext.toLowerCase()) || LDR_EXTENSIONS.has(parse(name).ext.toLowerCase())).sort();
  if (files.length === 0) throw new UsageError(`'${inputs.dir}' holds no input images (.exr, .hdr, .pfm, .png, .jpg, .tif)`);
  await mkdir(out, { recursive: true });
  for (const [index, file] of files.entries()) {
    const image = await readInput(join(inputs.dir, file));
    const scale = inputs.outputScale === undefined ? {} : { outputScale: inputs.outputScale };
    const { image: reconstructed } = chosen.reconstruct({ kind: 'single-image', image, encoding: inputs.encoding, ...scale });
    await writeHdrFile(join(out, `${parse(file).name}.exr`), reconstructed, { pixelType: 'float' });
    output.err(`${id} [${index + 1}/${files.length}] ${file}`);
  }
  return out;
}
