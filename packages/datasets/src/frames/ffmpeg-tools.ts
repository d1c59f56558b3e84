import { basename, dirname, join } from 'node:path';
import { FramesError } from './errors.js';
import { isSupportedFfmpegVersion, MIN_FFMPEG_VERSION, parseFfmpegVersion, type FfmpegVersion } from './ffmpeg-version.js';
import { installHint, runTool } from './run-tool.js';

/** Where to find the tools; by default `ffmpeg` on the PATH and the `ffprobe` beside it. */
export interface FfmpegPaths {
  readonly ffmpegPath?: string;
  readonly ffprobePath?: string;
}

/** ffmpeg and ffprobe, found and checked: version, the filters and options frame extraction relies on. */
export interface FfmpegTools {
  readonly ffmpeg: string;
  readonly ffprobe: string;
  readonly ffmpegVersion: FfmpegVersion;
  readonly ffprobeVersion: FfmpegVersion;
}

/** ffprobe from the same build as an explicitly placed ffmpeg, so a custom build is not mixed with the system one. */
export function defaultFfprobePath(ffmpegPath: string): string {
  if (!ffmpegPath.includes('/') && !ffmpegPath.includes('\\')) return 'ffprobe';
  return join(dirname(ffmpegPath), basename(ffmpegPath).replace(/ffmpeg/i, 'ffprobe'));
}

const MINIMUM = `${MIN_FFMPEG_VERSION.major}.${MIN_FFMPEG_VERSION.minor}`;

async function checkVersion(path: string, tool: 'ffmpeg' | 'ffprobe'): Promise<FfmpegVersion> {
  const { code, stdout } = await runTool(path, ['-version'], tool);
  const version = parseFfmpegVersion(stdout);
  if (code !== 0 || !version) {
    throw new FramesError('tool-missing', `'${path}' does not answer -version as ${tool} does: ${installHint(tool)}`);
  }
  if (!isSupportedFfmpegVersion(version)) {
    throw new FramesError(
      'tool-too-old',
      `${tool} at '${path}' is version ${version.text}; frame extraction needs ${MINIMUM} or newer (for -fps_mode; verified with 5.1.9): ${installHint(tool)}`,
    );
  }
  return version;
}

const REQUIRED_FILTERS = ['zscale', 'select', 'showinfo'] as const;

async function checkFeatures(ffmpeg: string): Promise<void> {
  const [filters, help] = await Promise.all([
    runTool(ffmpeg, ['-hide_banner', '-filters'], 'ffmpeg'),
    runTool(ffmpeg, ['-hide_banner', '-h', 'long'], 'ffmpeg'),
  ]);
  for (const filter of REQUIRED_FILTERS) {
    if (!new RegExp(`^\\s*\\S+\\s+${filter}\\s`, 'm').test(filters.stdout)) {
      const why = filter === 'zscale' ? ' (the build lacks libzimg, which converts YUV to RGB exactly)' : '';
      throw new FramesError('tool-lacks-feature', `ffmpeg at '${ffmpeg}' has no ${filter} filter${why}: ${installHint('ffmpeg')}`);
    }
  }
  if (!help.stdout.includes('-fps_mode')) {
    throw new FramesError('tool-lacks-feature', `ffmpeg at '${ffmpeg}' has no -fps_mode option: ${installHint('ffmpeg')}`);
  }
}

async function checkTools(ffmpeg: string, ffprobe: string): Promise<FfmpegTools> {
  const [ffmpegVersion, ffprobeVersion] = await Promise.all([checkVersion(ffmpeg, 'ffmpeg'), checkVersion(ffprobe, 'ffprobe')]);
  await checkFeatures(ffmpeg);
  return { ffmpeg, ffprobe, ffmpegVersion, ffprobeVersion };
}

const checked = new Map<string, Promise<FfmpegTools>>();

/** Finds and checks ffmpeg and ffprobe once per process and pair of paths; a failed check is retried next time. */
export function findFfmpeg(paths: FfmpegPaths = {}): Promise<FfmpegTools> {
  const ffmpeg = paths.ffmpegPath ?? 'ffmpeg';
  const ffprobe = paths.ffprobePath ?? defaultFfprobePath(ffmpeg);
  const key = `${ffmpeg}\u0000${ffprobe}`;
  let found = checked.get(key);
  if (!found) {
    found = checkTools(ffmpeg, ffprobe);
    checked.set(key, found);
    found.catch(() => checked.delete(key));
  }
  return found;
}
