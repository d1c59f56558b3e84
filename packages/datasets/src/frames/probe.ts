import { z } from 'zod';
import { FramesError } from './errors.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { runTool } from './run-tool.js';

const streamSchema = z.object({
  index: z.number().int(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  pix_fmt: z.string().optional(),
  color_range: z.string().optional(),
  color_space: z.string().optional(),
  color_transfer: z.string().optional(),
  color_primaries: z.string().optional(),
  chroma_location: z.string().optional(),
  r_frame_rate: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  nb_frames: z.string().optional(),
  duration: z.string().optional(),
  disposition: z.object({ attached_pic: z.number().optional() }).optional(),
});

const probeSchema = z.object({
  streams: z.array(streamSchema).default([]),
  format: z.object({ format_name: z.string().optional(), duration: z.string().optional() }).optional(),
});

/** What ffprobe says about the first video stream, in its own names (`smpte2084`, `bt2020nc`, `tv`, ...). */
export interface VideoProbe {
  /** Stream index for `-map 0:N`. */
  readonly streamIndex: number;
  readonly container: string;
  readonly codec: string;
  readonly width: number;
  readonly height: number;
  readonly pixFmt: string;
  readonly colorRange?: string;
  readonly colorSpace?: string;
  readonly colorTransfer?: string;
  readonly colorPrimaries?: string;
  readonly chromaLocation?: string;
  /** Frames per second as ffprobe gives it (`24000/1001`), when known. */
  readonly frameRate?: string;
  readonly frameCount?: number;
  readonly durationSeconds?: number;
}

/** ffprobe writes `unknown` / `unspecified` (or nothing) for tags the stream does not carry. */
function tag(value: string | undefined): string | undefined {
  return value === undefined || value === 'unknown' || value === 'unspecified' || value === 'reserved' ? undefined : value;
}

function positiveNumber(value: string | undefined): number | undefined {
  const parsed = Number(value);
  return value !== undefined && Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
}

/** Runs ffprobe (JSON output) on `file` and describes its first video stream; fails clearly when there is none. */
export async function probeVideo(tools: FfmpegTools, file: string): Promise<VideoProbe> {
  const args = ['-hide_banner', '-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', `file:${file}`];
  const { code, stdout, stderr } = await runTool(tools.ffprobe, args, 'ffprobe');
  const detail = stderr.trim().split('\n').pop() ?? '';
  if (code !== 0) {
    throw new FramesError('not-a-video', `${file}: ffprobe cannot read it as a video (${detail || `exit ${code}`}); check the file is a complete video`, stderr);
  }
  let parsed: z.infer<typeof probeSchema>;
  try {
    parsed = probeSchema.parse(JSON.parse(stdout));
  } catch (error) {
    throw new FramesError('ffmpeg-failed', `${file}: ffprobe's JSON output was not understood (${(error as Error).message.split('\n')[0]})`, stderr);
  }
  const stream = parsed.streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!stream || !stream.width || !stream.height || !stream.pix_fmt) {
    const kinds = parsed.streams.map((s) => s.codec_type ?? '?').join(', ') || 'none';
    throw new FramesError('not-a-video', `${file}: no decodable video stream (streams: ${kinds}); give a video file or a folder of frames`);
  }
  const frameRate = [stream.avg_frame_rate, stream.r_frame_rate].find((rate) => rate && !rate.startsWith('0/'));
  return {
    streamIndex: stream.index,
    container: parsed.format?.format_name ?? 'unknown',
    codec: stream.codec_name ?? 'unknown',
    width: stream.width,
    height: stream.height,
    pixFmt: stream.pix_fmt,
    colorRange: tag(stream.color_range),
    colorSpace: tag(stream.color_space),
    colorTransfer: tag(stream.color_transfer),
    colorPrimaries: tag(stream.color_primaries),
    chromaLocation: tag(stream.chroma_location),
    frameRate,
    frameCount: positiveNumber(stream.nb_frames),
    durationSeconds: positiveNumber(stream.duration) ?? positiveNumber(parsed.format?.duration),
  };
}

