import { extractFrames, FramesError, type FrameEvent, type FrameRecord, type IdentityKind, type NegativeValues, type SignalRange } from '@hdr-lab/datasets';
import { UsageError } from '../errors.js';
import type { CliOutput } from '../output.js';

export interface FramesCommandOptions {
  readonly out: string;
  readonly every?: number;
  readonly fps?: number;
  readonly sceneThreshold?: number;
  readonly maxFrames?: number;
  readonly transfer?: string;
  readonly primaries?: string;
  readonly matrix?: string;
  readonly range?: SignalRange;
  readonly bt709?: boolean;
  readonly negatives?: NegativeValues;
  readonly hlgPeak?: number;
  readonly referenceWhite?: number;
  readonly pixelType?: 'half' | 'float';
  readonly compression?: 'none' | 'zip';
  readonly inputFps?: number;
  readonly identity?: IdentityKind;
  readonly ffmpeg?: string;
  readonly ffprobe?: string;
  readonly maxPixels?: number;
  /** Print a progress line every N frames (default 50). */
  readonly progressEvery?: number;
}

const DEFAULT_PROGRESS_EVERY = 50;

function describeLight(record: FrameRecord): string {
  if (record.units === 'cd/m2') {
    const hlg = record.hlg ? `, HLG OOTF for a ${record.hlg.nominalPeak} cd/m2 display, system gamma ${record.hlg.systemGamma.toFixed(2)}` : '';
    return `absolute cd/m2 (signal peak ${record.peak}${hlg})`;
  }
  return `relative (1.0 taken as ${record.referenceWhite} cd/m2)`;
}

/**
 * Extracts linear HDR frames (EXR + frames.jsonl) from a video with ffmpeg, or from a sequence of HDR images;
 * prints a progress line every N frames and a summary of what the values mean.
 */
export async function runFrames(video: string, options: FramesCommandOptions, output: CliOutput): Promise<void> {
  const progressEvery = options.progressEvery ?? DEFAULT_PROGRESS_EVERY;
  let done = 0;
  const onFrame = ({ record, action }: FrameEvent) => {
    done++;
    if (done % progressEvery === 0) output.err(`[${done}] ${record.file} at ${record.timestamp.toFixed(3)} s (${action})`);
  };
  let summary;
  try {
    summary = await extractFrames(video, {
      outDir: options.out,
      every: options.every,
      fps: options.fps,
      sceneThreshold: options.sceneThreshold,
      maxFrames: options.maxFrames,
      transfer: options.transfer,
      primaries: options.primaries,
      matrix: options.matrix,
      range: options.range,
      toBt709: options.bt709,
      negatives: options.negatives,
      hlgPeak: options.hlgPeak,
      referenceWhite: options.referenceWhite,
      pixelType: options.pixelType,
      compression: options.compression,
      inputFps: options.inputFps,
      identity: options.identity,
      ffmpegPath: options.ffmpeg,
      ffprobePath: options.ffprobe,
      maxPixels: options.maxPixels,
      onFrame,
    });
  } catch (error) {
    if (error instanceof FramesError && error.code === 'invalid-option') throw new UsageError(error.message);
    throw error;
  }
  const first = summary.frames[0]!;
  const removed = summary.removed.length > 0 ? `, ${summary.removed.length} of an earlier run removed` : '';
  output.out(
    `${video}: ${summary.frames.length} frames -> ${summary.outDir} (${summary.written} written, ${summary.kept} kept from an earlier run${removed})`,
  );
  const curve = first.transfer === 'linear' ? 'linear frames' : `${first.transfer} -> linear`;
  output.out(`  ${curve}, ${describeLight(first)}, ${first.primaries} primaries; manifest ${summary.manifest}`);
}
