/**
 * The oldest ffmpeg release frame extraction accepts. 5.1 introduced `-fps_mode`, which keeps ffmpeg from
 * duplicating or dropping frames behind the selection filters; everything here was verified with 5.1.9
 * (Debian 12) and its zscale (libzimg) filter.
 */
export const MIN_FFMPEG_VERSION = { major: 5, minor: 1 } as const;

export interface FfmpegVersion {
  /** The version word as the tool prints it, e.g. `5.1.9-0+deb12u1` or `N-113227-g1c6fd7d756`. */
  readonly text: string;
  /** Release number; absent for git snapshots (`N-...`), which carry no comparable number. */
  readonly release?: { readonly major: number; readonly minor: number; readonly patch: number };
}

/** Reads the first line of `ffmpeg -version` / `ffprobe -version`; undefined when it is not such a line. */
export function parseFfmpegVersion(output: string): FfmpegVersion | undefined {
  const match = /^ff(?:mpeg|probe) version (\S+)/m.exec(output);
  if (!match) return undefined;
  const text = match[1]!;
  const release = /^n?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!release) return { text };
  return { text, release: { major: Number(release[1]), minor: Number(release[2]), patch: Number(release[3] ?? 0) } };
}

/** True when the release is at least {@link MIN_FFMPEG_VERSION}; git snapshots are taken as recent. */
export function isSupportedFfmpegVersion(version: FfmpegVersion): boolean {
  const release = version.release;
  if (!release) return true;
  return release.major > MIN_FFMPEG_VERSION.major || (release.major === MIN_FFMPEG_VERSION.major && release.minor >= MIN_FFMPEG_VERSION.minor);
}
