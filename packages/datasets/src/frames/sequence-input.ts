import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { FramesError } from './errors.js';

/** File types read as frames of a sequence (by the project's own HDR decoders). */
const SEQUENCE_EXTENSIONS = ['.exr', '.hdr', '.pfm'] as const;

const PRINTF_NUMBER = /%(0?\d*)d/;

/** True when `path` names a printf-style frame pattern such as `shots/f_%04d.exr`. */
function isFramePattern(path: string): boolean {
  return PRINTF_NUMBER.test(basename(path));
}

const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' }).compare;

function isSequenceFile(name: string): boolean {
  return (SEQUENCE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The frames a printf pattern matches, in number order (`%04d` requires exactly four digits, `%d` any). */
async function patternFrames(pattern: string): Promise<string[]> {
  const folder = dirname(pattern);
  const name = basename(pattern);
  const match = PRINTF_NUMBER.exec(name)!;
  const width = match[1] ? Number(match[1]) : 0;
  const digits = match[1]?.startsWith('0') && width > 0 ? `(\\d{${width}})` : '(\\d+)';
  const expression = new RegExp(`^${escapeRegExp(name.slice(0, match.index))}${digits}${escapeRegExp(name.slice(match.index + match[0].length))}$`);
  const entries = await readdir(folder);
  return entries
    .map((entry) => ({ entry, number: expression.exec(entry)?.[1] }))
    .filter((item): item is { entry: string; number: string } => item.number !== undefined)
    .sort((a, b) => Number(a.number) - Number(b.number))
    .map((item) => join(folder, item.entry));
}

/**
 * The frame files of a sequence: every .exr/.hdr/.pfm in a folder in natural order (`f2` before `f10`), the
 * files a printf pattern matches in number order, or one HDR image as a sequence of one.
 */
export async function listSequenceFrames(input: string): Promise<string[]> {
  let frames: string[];
  if (isFramePattern(input)) {
    frames = await patternFrames(input);
  } else if ((await stat(input)).isDirectory()) {
    frames = (await readdir(input)).filter(isSequenceFile).sort(naturalOrder).map((entry) => join(input, entry));
  } else {
    frames = [input];
  }
  if (frames.length === 0) {
    throw new FramesError('no-frames', `${input}: no ${SEQUENCE_EXTENSIONS.join('/')} frames found; check the folder or the pattern`);
  }
  return frames;
}

/** True when `input` should be read as a frame sequence rather than a video. */
export async function isSequenceInput(input: string): Promise<boolean> {
  if (isSequenceFile(input) && !isFramePattern(input)) return true;
  try {
    return (await stat(input)).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && isFramePattern(input)) return true;
    throw error;
  }
}
