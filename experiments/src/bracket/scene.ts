import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readHdrFile, type HdrImage } from '@hdr-lab/core';
import { UsageError } from '../cli/errors.js';
import { compareNames, HDR_EXTENSIONS, isHdrName } from './ldr-files.js';
import { readBracket, type ExposureBracket, type ReadBracketOptions } from './read-bracket.js';
import { rgbOf } from './rgb.js';

/** A captured training scene: its bracket and the ground-truth HDR image in the reference's geometry. */
export interface ExposureBracketScene extends ExposureBracket {
  /** Linear RGB as the file stores it. */
  readonly groundTruth: HdrImage;
  readonly groundTruthFile: string;
}

async function groundTruthFile(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  const found = entries.filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && isHdrName(entry.name)).map((entry) => entry.name).sort(compareNames);
  if (found.length === 0) {
    throw new UsageError(`${dir}: no ground-truth HDR file (${HDR_EXTENSIONS.join(', ')}); a training scene holds its exposures, their times and one HDR image`);
  }
  if (found.length > 1) {
    throw new UsageError(`${dir}: several HDR files (${found.join(', ')}); a training scene holds exactly one ground truth: move the others out`);
  }
  return join(dir, found[0]!);
}

/**
 * Reads a training scene folder in Kalantari's layout (its LDR exposures, exposure.txt or another source of
 * times as {@link readBracket} accepts, and one ground-truth .hdr/.exr/.pfm), checking that the ground truth
 * has the exposures' size.
 */
export async function readBracketScene(dir: string, options: ReadBracketOptions = {}): Promise<ExposureBracketScene> {
  const file = await groundTruthFile(dir);
  const bracket = await readBracket([dir], options);
  const groundTruth = rgbOf((await readHdrFile(file)).image);
  const { width, height } = bracket.exposures[0]!.image;
  if (groundTruth.width !== width || groundTruth.height !== height) {
    throw new UsageError(
      `${file} is ${groundTruth.width}x${groundTruth.height} but the exposures are ${width}x${height}; ` +
        'the ground truth must be aligned to the reference exposure at the same size',
    );
  }
  options.log?.(`  ground truth ${file}: ${width}x${height}`);
  return { ...bracket, groundTruth, groundTruthFile: file };
}
