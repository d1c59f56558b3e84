import { appendFile, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, writeHdrFile, type HdrEncodeOptions, type HdrImage } from '@hdr-lab/core';
import type { LightScale } from './light-scale.js';
import type { SourceIdentity } from './source-identity.js';

export const MANIFEST_NAME = 'frames.jsonl';

const FRAME_FILE = /^frame_\d{6,}\.exr$/;

/** The file an output frame is written to. */
export function frameFileName(index: number): string {
  return `frame_${String(index).padStart(6, '0')}.exr`;
}

/** One line of `frames.jsonl`: a written frame, where it came from and what its values mean. */
export interface FrameRecord extends LightScale {
  /** File name inside the output folder. */
  readonly file: string;
  /** Output frame number, 0-based. */
  readonly index: number;
  /** Seconds from the start of the video (ffmpeg's timestamps) or frame number / input fps for sequences. */
  readonly timestamp: number;
  readonly timestampSource: 'ffmpeg-pts' | 'input-fps';
  /** What the user gave: the video, or the folder or pattern of a sequence. */
  readonly input: string;
  /** The file the pixels came from (the video, or the sequence's frame file). */
  readonly source: SourceIdentity;
  readonly width: number;
  readonly height: number;
  /** The curve that was inverted. */
  readonly transfer: string;
  /** Primaries of the written values, and of the source. */
  readonly primaries: string;
  readonly sourcePrimaries: string;
  /** For videos: codec, pixel format, YUV matrix and range, the stream's tags and how each was settled. */
  readonly signal?: Readonly<Record<string, unknown>>;
  /** The options that shaped this frame. */
  readonly options: Readonly<Record<string, unknown>>;
  /** ffmpeg's version, for videos. */
  readonly ffmpeg?: string;
  /** Hash of the source content and every setting that affects this frame's pixels or number. */
  readonly settings: string;
  /** Size and mtime of the written file, so a re-run can tell the file is the one described. */
  readonly bytes: number;
  readonly mtimeMs: number;
}

export type PendingRecord = Omit<FrameRecord, 'bytes' | 'mtimeMs'>;

async function manifestText(outDir: string): Promise<string> {
  try {
    return await readFile(join(outDir, MANIFEST_NAME), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Parses manifest text; later lines for a file replace earlier ones, and a torn line is ignored. */
function parseManifest(text: string): FrameRecord[] {
  const byFile = new Map<string, FrameRecord>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as FrameRecord;
      if (typeof record.file === 'string') byFile.set(record.file, record);
    } catch {
      continue;
    }
  }
  return [...byFile.values()].sort((a, b) => a.index - b.index);
}

function manifestLines(records: readonly FrameRecord[]): Uint8Array {
  return new TextEncoder().encode(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
}

/** Reads the manifest of an output folder (empty when there is none). */
export async function readManifest(outDir: string): Promise<FrameRecord[]> {
  return parseManifest(await manifestText(outDir));
}

/**
 * The output folder of one run: frames are written atomically and each is appended to the manifest as soon
 * as it exists (an interrupted run keeps its progress); a frame whose file and settings match the previous
 * run is kept as is. `finish` rewrites the manifest with exactly this run's frames and removes frames an
 * earlier run wrote that this run did not produce.
 */
export class FrameStore {
  private readonly records: FrameRecord[] = [];

  private constructor(
    readonly outDir: string,
    private readonly previous: Map<string, FrameRecord>,
  ) {}

  static async open(outDir: string): Promise<FrameStore> {
    await mkdir(outDir, { recursive: true });
    const text = await manifestText(outDir);
    const previous = parseManifest(text);
    // A run killed mid-line leaves a torn last line; new lines must not be glued onto it.
    if (text && !text.endsWith('\n')) await writeFileAtomic(join(outDir, MANIFEST_NAME), manifestLines(previous));
    return new FrameStore(outDir, new Map(previous.map((record) => [record.file, record])));
  }

  /**
   * Keeps the frame if the previous run wrote it with the same settings and the file is untouched; the
   * kept record is the previous one updated with `fresh` (which need not know the frame's size).
   */
  async reuse(fresh: Omit<PendingRecord, 'width' | 'height'>): Promise<FrameRecord | undefined> {
    const old = this.previous.get(fresh.file);
    if (!old || old.settings !== fresh.settings) return undefined;
    try {
      const info = await stat(join(this.outDir, fresh.file));
      if (info.size !== old.bytes || Math.round(info.mtimeMs) !== old.mtimeMs) return undefined;
    } catch {
      return undefined;
    }
    const kept: FrameRecord = { ...old, ...fresh };
    this.records.push(kept);
    return kept;
  }

  /** Writes the frame (temporary file + rename) and appends its manifest line. */
  async write(record: PendingRecord, image: HdrImage, encode: HdrEncodeOptions): Promise<FrameRecord> {
    const path = join(this.outDir, record.file);
    await writeHdrFile(path, image, encode);
    const info = await stat(path);
    const written = { ...record, bytes: info.size, mtimeMs: Math.round(info.mtimeMs) };
    await appendFile(join(this.outDir, MANIFEST_NAME), `${JSON.stringify(written)}\n`);
    this.records.push(written);
    return written;
  }

  /** Rewrites the manifest for this run; returns the stale frame files removed. */
  async finish(): Promise<string[]> {
    const current = new Set(this.records.map((record) => record.file));
    const stale = [...this.previous.keys()].filter((file) => !current.has(file) && FRAME_FILE.test(file));
    await writeFileAtomic(join(this.outDir, MANIFEST_NAME), manifestLines(this.records));
    for (const file of stale) await rm(join(this.outDir, file), { force: true });
    return stale;
  }
}
