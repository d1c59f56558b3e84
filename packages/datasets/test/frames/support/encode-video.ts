import { spawn } from 'node:child_process';

/** Non-linear R'G'B' frames in [0, 1], interleaved, all of one size. */
export interface SignalFrames {
  readonly width: number;
  readonly height: number;
  readonly frames: readonly Float32Array[];
}

export interface EncodeSettings {
  readonly bitDepth: 8 | 10;
  /** Luma weights Kr, Kb of the YUV matrix the stream is tagged with. */
  readonly kr: number;
  readonly kb: number;
  /** ffmpeg output options: codec, quality and colour tags. */
  readonly codecArgs: readonly string[];
  readonly fps?: number;
}

export const BT2020_KR_KB = { kr: 0.2627, kb: 0.0593 } as const;
export const BT709_KR_KB = { kr: 0.2126, kb: 0.0722 } as const;

/**
 * Y'CbCr 4:2:0 limited-range code values computed here (BT.2100 / BT.709 equations, chroma averaged over
 * 2x2 blocks), independent of ffmpeg's own conversions, so a decoder error cannot cancel an encoder error.
 */
export function toYuv420(signal: SignalFrames, settings: Pick<EncodeSettings, 'bitDepth' | 'kr' | 'kb'>): Buffer {
  const { width, height } = signal;
  const { kr, kb, bitDepth } = settings;
  const kg = 1 - kr - kb;
  const scale = 2 ** (bitDepth - 8);
  const bytesPerSample = bitDepth > 8 ? 2 : 1;
  const lumaSize = width * height;
  const chromaSize = (width / 2) * (height / 2);
  const out = Buffer.alloc((lumaSize + 2 * chromaSize) * bytesPerSample * signal.frames.length);
  let offset = 0;
  const put = (value: number) => {
    if (bytesPerSample === 2) out.writeUInt16LE(value, offset);
    else out.writeUInt8(value, offset);
    offset += bytesPerSample;
  };
  for (const frame of signal.frames) {
    const cb = new Float64Array(lumaSize);
    const cr = new Float64Array(lumaSize);
    const luma: number[] = [];
    for (let p = 0; p < lumaSize; p++) {
      const [r, g, b] = [frame[3 * p]!, frame[3 * p + 1]!, frame[3 * p + 2]!];
      const y = kr * r + kg * g + kb * b;
      luma.push(Math.round(scale * (219 * y + 16)));
      cb[p] = (b - y) / (2 * (1 - kb));
      cr[p] = (r - y) / (2 * (1 - kr));
    }
    for (const value of luma) put(value);
    for (const plane of [cb, cr]) {
      for (let y = 0; y < height; y += 2) {
        for (let x = 0; x < width; x += 2) {
          const mean = (plane[y * width + x]! + plane[y * width + x + 1]! + plane[(y + 1) * width + x]! + plane[(y + 1) * width + x + 1]!) / 4;
          put(Math.round(scale * (224 * mean + 128)));
        }
      }
    }
  }
  return out;
}

/** Encodes the frames with real ffmpeg from raw Y'CbCr on stdin; resolves when the file is written. */
export function encodeVideo(path: string, signal: SignalFrames, settings: EncodeSettings): Promise<void> {
  const pixFmt = settings.bitDepth === 10 ? 'yuv420p10le' : 'yuv420p';
  const args = [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', pixFmt, '-s', `${signal.width}x${signal.height}`, '-r', String(settings.fps ?? 24), '-i', 'pipe:0',
    '-pix_fmt', pixFmt, ...settings.codecArgs, path,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exit ${code}: ${stderr}`))));
    child.stdin.end(toYuv420(signal, settings));
  });
}

/** libx265 10-bit with PQ or HLG BT.2020 tags; `quality` is `lossless` or a CRF. */
export function x265Args(transfer: 'smpte2084' | 'arib-std-b67', quality: 'lossless' | number): string[] {
  const params = quality === 'lossless' ? 'lossless=1' : `crf=${quality}`;
  return [
    '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', `log-level=error:info=0:${params}`,
    '-color_primaries', 'bt2020', '-color_trc', transfer, '-colorspace', 'bt2020nc', '-color_range', 'tv',
  ];
}
