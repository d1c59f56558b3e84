import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { readImageFile, type HdrImage } from '@hdr-lab/core';
import type { Bracket } from '@hdr-lab/models';
import { UsageError } from '../cli/errors.js';
import { exifExposureTime } from './exif-time.js';
import { compareNames, isHdrName, isLdrName, LDR_EXTENSIONS } from './ldr-files.js';
import { rgbOf } from './rgb.js';
import { EXPOSURE_TXT, EXPOSURES_JSON, readSidecar } from './sidecar.js';

export interface ReadBracketOptions {
  /** Exposure times, one per file: in the order the files were given, or in file-name order for a folder. */
  readonly times?: readonly number[];
  /** How many exposures the bracket must have (the model's `exposureCount`). */
  readonly expected?: number;
  readonly log?: (line: string) => void;
}

/** A bracket read from files, with where it came from. */
export interface ExposureBracket extends Bracket {
  /** The exposure files, in the order of `exposures` (shortest exposure first). */
  readonly files: readonly string[];
  /** What was read, for messages: the folder, or the files given. */
  readonly source: string;
  /** Where the times came from: `--times`, the sidecar's path, or `EXIF ExposureTime`. */
  readonly timesFrom: string;
  /** Bits per sample of each exposure file as stored (8 or 16), in the order of `exposures`. */
  readonly bitDepths: readonly number[];
}

/** The exposure files to read and how to name them in messages. */
interface BracketFiles {
  readonly paths: readonly string[];
  /** Names for messages: base names inside one folder, else the paths as given. */
  readonly labels: readonly string[];
  readonly source: string;
  /** The folder given, when one was. */
  readonly folder: string | undefined;
  /** The folder all files are in, where a sidecar may be. */
  readonly commonFolder: string | undefined;
}

interface ResolvedTimes {
  readonly times: readonly number[];
  readonly from: string;
}

const LDR_LIST = LDR_EXTENSIONS.join(', ');

async function kindOf(path: string): Promise<'folder' | 'file'> {
  const info = await stat(path).catch(() => {
    throw new UsageError(`${path} does not exist; give the bracket's exposure files or one folder holding them`);
  });
  return info.isDirectory() ? 'folder' : 'file';
}

/** The LDR images in a folder, in file-name order (symbolic links included, sub-folders not). */
async function ldrNamesIn(folder: string): Promise<{ ldr: string[]; all: string[] }> {
  const entries = await readdir(folder, { withFileTypes: true });
  const all = entries.filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => entry.name).sort(compareNames);
  return { ldr: all.filter(isLdrName), all };
}

async function bracketFiles(paths: readonly string[]): Promise<BracketFiles> {
  if (paths.length === 0) throw new UsageError(`no exposures given; give the bracket's exposure files (${LDR_LIST}) or one folder holding them`);
  const kinds = await Promise.all(paths.map(kindOf));
  const folderAt = kinds.indexOf('folder');
  if (folderAt >= 0 && paths.length > 1) {
    throw new UsageError(`${paths[folderAt]} is a folder: give either one bracket folder or the exposure files, not both`);
  }
  if (folderAt === 0) {
    const folder = paths[0]!;
    const { ldr, all } = await ldrNamesIn(folder);
    if (ldr.length === 0) {
      const holds = all.length === 0 ? 'it is empty' : `it holds ${all.join(', ')}`;
      throw new UsageError(`${folder}: no LDR exposures (${LDR_LIST}) in the folder (${holds}); put the bracket's exposure files there`);
    }
    return { paths: ldr.map((name) => join(folder, name)), labels: ldr, source: folder, folder, commonFolder: folder };
  }
  const hdr = paths.filter(isHdrName);
  if (hdr.length > 0) {
    throw new UsageError(
      `${hdr.join(', ')}: HDR image(s) given as exposures; a bracket is made of LDR exposures (${LDR_LIST}), ` +
        'and a ground truth is read with its scene folder',
    );
  }
  const absolute = paths.map((path) => resolve(path));
  const repeated = paths.filter((_, i) => absolute.indexOf(absolute[i]!) !== i);
  if (repeated.length > 0) throw new UsageError(`${repeated.join(', ')} given more than once; give each exposure file once`);
  const folders = new Set(absolute.map((path) => dirname(path)));
  const commonFolder = folders.size === 1 ? dirname(paths[0]!) : undefined;
  return {
    paths,
    labels: commonFolder === undefined ? paths : paths.map((path) => basename(path)),
    source: paths.join(', '),
    folder: undefined,
    commonFolder,
  };
}

function checkCount(files: BracketFiles, expected: number | undefined): void {
  if (expected === undefined || files.paths.length === expected) return;
  const fix = files.folder === undefined
    ? `give ${expected} exposure files`
    : `the folder must hold exactly ${expected} LDR exposures (${LDR_LIST}); move the others out`;
  throw new UsageError(`${files.source}: needs ${expected} exposures, got ${files.paths.length}: ${files.labels.join(', ')}; ${fix}`);
}

function noTimesError(files: BracketFiles, withoutExif: readonly string[]): UsageError {
  const where = files.folder ?? files.commonFolder ?? 'the files\' folder (they must share one)';
  const lacking = withoutExif.length === files.labels.length ? 'none of the files has' : `${withoutExif.join(', ')} lack${withoutExif.length === 1 ? 's' : ''}`;
  return new UsageError(
    `${files.folder ?? files.source}: no exposure times found. Give them one of three ways: ` +
      `--times T1,T2,... (one per file, ${files.folder ? 'in file-name order' : 'in the order given'}; seconds or any unit, only ratios matter); ` +
      `a sidecar in ${where}: ${EXPOSURES_JSON} ({"times": [...]}, {"stops": [...]} or {"files": {"name.png": time}}) ` +
      `or ${EXPOSURE_TXT} (one exposure bias in stops per line, in file-name order); ` +
      `or files whose EXIF has ExposureTime (${lacking} it)`,
  );
}

async function sidecarTimes(files: BracketFiles): Promise<ResolvedTimes | undefined> {
  const folder = files.commonFolder;
  if (folder === undefined) return undefined;
  const { ldr } = await ldrNamesIn(folder);
  const sidecar = await readSidecar(folder, ldr);
  if (sidecar === undefined) return undefined;
  const times = files.paths.map((path) => {
    const time = sidecar.times.get(basename(path));
    if (time === undefined) {
      throw new UsageError(`${sidecar.path} gives no time for ${path}: it lists the folder's LDR images (${ldr.join(', ')}); rename the file or give --times`);
    }
    return time;
  });
  return { times, from: `${sidecar.path} (${sidecar.form})` };
}

async function exifTimes(files: BracketFiles): Promise<{ times: ResolvedTimes | undefined; withoutExif: string[] }> {
  const found = await Promise.all(files.paths.map(exifExposureTime));
  const withoutExif = files.labels.filter((_, i) => found[i] === undefined);
  const complete = withoutExif.length === 0 ? { times: found as number[], from: 'EXIF ExposureTime' } : undefined;
  return { times: complete, withoutExif };
}

/** Times by the rule "first found wins": --times; then sidecar before EXIF for a folder, EXIF before sidecar for files. */
async function resolveTimes(files: BracketFiles, given: readonly number[] | undefined): Promise<ResolvedTimes> {
  if (given !== undefined) {
    if (given.length !== files.paths.length) {
      throw new UsageError(
        `--times gives ${given.length} time(s) for ${files.paths.length} exposures (${files.labels.join(', ')}); ` +
          `give one per file, ${files.folder ? 'in file-name order' : 'in the order of the files'}`,
      );
    }
    return { times: given, from: '--times' };
  }
  if (files.folder !== undefined) {
    const fromSidecar = await sidecarTimes(files);
    if (fromSidecar) return fromSidecar;
    const exif = await exifTimes(files);
    if (exif.times) return exif.times;
    throw noTimesError(files, exif.withoutExif);
  }
  const exif = await exifTimes(files);
  if (exif.times) return exif.times;
  const fromSidecar = await sidecarTimes(files);
  if (fromSidecar) return fromSidecar;
  throw noTimesError(files, exif.withoutExif);
}

/** Positive, finite and distinct: exposure fusion divides by times and needs differently exposed images. */
function checkTimes(labels: readonly string[], { times, from }: ResolvedTimes): void {
  times.forEach((time, i) => {
    if (!Number.isFinite(time) || time <= 0) {
      throw new UsageError(`${from} gives ${labels[i]} the exposure time ${time}; times must be positive numbers (seconds, or 2^stops)`);
    }
  });
  for (let i = 0; i < times.length; i++) {
    const twin = times.findIndex((time, j) => j > i && time === times[i]);
    if (twin >= 0) {
      throw new UsageError(
        `${from} gives ${labels[i]} and ${labels[twin]} the same exposure time (${times[i]}); a bracket needs differently exposed images: ` +
          'check the files, or give their times with --times or a sidecar',
      );
    }
  }
}

async function decodeExposure(path: string): Promise<{ image: HdrImage; bitDepth: number }> {
  const decoded = await readImageFile(path);
  if (decoded.kind === 'hdr') {
    throw new UsageError(
      `${path} is an HDR image (${decoded.info.format}), not an LDR exposure; a bracket is made of display-referred ` +
        `8/16-bit exposures (${LDR_LIST})`,
    );
  }
  return { image: rgbOf(decoded.image), bitDepth: decoded.image.bitDepth };
}

function checkSizes(files: BracketFiles, images: readonly HdrImage[]): void {
  const sizes = images.map((image) => `${image.width}x${image.height}`);
  if (sizes.every((size) => size === sizes[0])) return;
  const list = files.labels.map((label, i) => `${label} ${sizes[i]}`).join(', ');
  throw new UsageError(`${files.source}: exposures differ in size (${list}); a bracket's exposures must be the same size: crop or resize them alike`);
}

const formatTime = (time: number): string => String(Number(time.toPrecision(6)));

/**
 * Reads a bracket: one folder (its LDR images in file-name order; HDR files and anything else are ignored)
 * or the exposure files themselves. Exposure times come from, first found wins: `times`; for a folder its
 * sidecar (exposures.json, or Kalantari's exposure.txt), then EXIF ExposureTime; for files their EXIF,
 * then a sidecar in their common folder. Images are decoded to [0, 1] RGB as stored (display-referred,
 * 16-bit precision kept) and returned shortest exposure first. Every problem is a UsageError naming the files
 * and the fix.
 */
export async function readBracket(paths: readonly string[], options: ReadBracketOptions = {}): Promise<ExposureBracket> {
  const files = await bracketFiles(paths);
  checkCount(files, options.expected);
  const resolved = await resolveTimes(files, options.times);
  checkTimes(files.labels, resolved);
  const decoded = await Promise.all(files.paths.map(decodeExposure));
  checkSizes(files, decoded.map((exposure) => exposure.image));

  const order = resolved.times.map((_, i) => i).sort((a, b) => resolved.times[a]! - resolved.times[b]!);
  const shortest = resolved.times[order[0]!]!;
  const log = options.log ?? (() => {});
  const { width, height } = decoded[0]!.image;
  log(`bracket ${files.source}: ${files.paths.length} exposures, ${width}x${height}, times from ${resolved.from}`);
  if (order.some((index, rank) => index !== rank)) log('  sorted by exposure time, shortest first:');
  for (const i of order) {
    const stops = Math.log2(resolved.times[i]! / shortest);
    log(`  ${files.labels[i]}: time ${formatTime(resolved.times[i]!)} (${stops >= 0 ? '+' : ''}${stops.toFixed(2)} stops), ${decoded[i]!.bitDepth}-bit`);
  }
  return {
    exposures: order.map((i) => ({ image: decoded[i]!.image, time: resolved.times[i]! })),
    files: order.map((i) => files.paths[i]!),
    source: files.source,
    timesFrom: resolved.from,
    bitDepths: order.map((i) => decoded[i]!.bitDepth),
  };
}
