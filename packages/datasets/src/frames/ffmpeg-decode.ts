import { spawn } from 'node:child_process';
import { endianness } from 'node:os';
import { FramesError } from './errors.js';
import { FfmpegLog } from './ffmpeg-log.js';
import type { FfmpegTools } from './ffmpeg-tools.js';
import { installHint } from './run-tool.js';
import type { MatrixId, SignalRange } from './signal.js';

/** What to decode: the stream, how its YUV code values become RGB, and the filters that pick frames. */
export interface DecodeRequest {
  readonly file: string;
  readonly streamIndex: number;
  readonly width: number;
  readonly height: number;
  readonly matrix: MatrixId;
  readonly range: SignalRange;
  /** Selection filters (see `selectionFilters`), applied to the decoded frames in their own format. */
  readonly filters: readonly string[];
  readonly maxFrames?: number;
}

/** One decoded frame: planar G, B, R float samples of the non-linear signal, full range [0, 1]. */
export interface DecodedFrame {
  readonly index: number;
  /** Presentation time in seconds, from ffmpeg's timestamps. */
  readonly timestamp: number;
  /** Valid until the next frame is requested: the buffer is reused. */
  readonly planes: Float32Array;
}

const PIXEL_FORMAT = endianness() === 'LE' ? 'gbrpf32le' : 'gbrpf32be';

/**
 * The ffmpeg command line. zscale (zimg, float arithmetic) converts YUV to RGB with the stated matrix and
 * range, exact to float precision where swscale rounds; showinfo logs each kept frame's timestamp.
 */
function decodeArguments(request: DecodeRequest): string[] {
  const conversion = `zscale=matrixin=${request.matrix}:rangein=${request.range}:range=full`;
  const filters = [...request.filters, 'showinfo=checksum=0', conversion, `format=${PIXEL_FORMAT}`];
  return [
    '-nostdin', '-hide_banner', '-nostats', '-loglevel', 'info',
    '-i', `file:${request.file}`,
    '-map', `0:${request.streamIndex}`, '-an', '-sn', '-dn',
    '-vf', filters.join(','),
    '-fps_mode', 'passthrough',
    ...(request.maxFrames === undefined ? [] : ['-frames:v', String(request.maxFrames)]),
    '-f', 'rawvideo', '-pix_fmt', PIXEL_FORMAT, 'pipe:1',
  ];
}

function failure(message: string, log: FfmpegLog): FramesError {
  const tail = log.text();
  const last = tail.split('\n').slice(-6).join('\n');
  return new FramesError('ffmpeg-failed', last ? `${message}; ffmpeg said:\n${last}` : message, tail);
}

/**
 * Decodes the selected frames one at a time from ffmpeg's stdout (fixed-size raw frames, read with
 * back-pressure, so a 4K video never sits in memory), pairing each with its timestamp from the log.
 * Stopping early (break, error) kills ffmpeg.
 */
export async function* decodeFrames(tools: FfmpegTools, request: DecodeRequest): AsyncGenerator<DecodedFrame> {
  const args = decodeArguments(request);
  const child = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = new FfmpegLog();
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => log.push(text));
  child.stderr.on('end', () => log.end());
  let spawnError: NodeJS.ErrnoException | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      spawnError = error;
      log.end();
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });

  const planes = new Float32Array(request.width * request.height * 3);
  const bytes = new Uint8Array(planes.buffer);
  let filled = 0;
  let index = 0;
  try {
    reading: for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const count = Math.min(chunk.length - offset, bytes.length - filled);
        bytes.set(chunk.subarray(offset, offset + count), filled);
        filled += count;
        offset += count;
        if (filled < bytes.length) continue;
        const logged = await log.frame(index);
        if (!logged || !Number.isFinite(logged.time)) throw failure(`${request.file}: ffmpeg gave frame ${index} no timestamp`, log);
        if (logged.width !== request.width || logged.height !== request.height) {
          throw new FramesError(
            'unsupported-signal',
            `${request.file}: the picture size changes from ${request.width}x${request.height} to ${logged.width}x${logged.height} at frame ${index}; split the video where the size changes`,
          );
        }
        yield { index, timestamp: logged.time, planes };
        index++;
        filled = 0;
        if (index === request.maxFrames) break reading;
      }
    }
    if (index !== request.maxFrames) {
      const code = await exited;
      if (spawnError) throw new FramesError('tool-missing', `cannot run ffmpeg at '${tools.ffmpeg}' (${spawnError.code}): ${installHint('ffmpeg')}`);
      if (code !== 0) throw failure(`${request.file}: ffmpeg failed (exit ${code}) while decoding`, log);
      if (filled !== 0) throw failure(`${request.file}: ffmpeg's output ended inside frame ${index}`, log);
    }
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  }
}
