import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFrames } from '../../src/frames/extract-frames.js';
import { BT2020_KR_KB, encodeVideo, x265Args } from './support/encode-video.js';

const work = mkdtempSync(join(tmpdir(), 'frames-errors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A 10-bit HEVC clip with no colour tags at all. */
const untagged = join(work, 'untagged.mkv');

beforeAll(async () => {
  const frames = [new Float32Array(32 * 16 * 3).fill(0.5)];
  const codecArgs = ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error:info=0:lossless=1'];
  await encodeVideo(untagged, { width: 32, height: 16, frames }, { bitDepth: 10, ...BT2020_KR_KB, codecArgs });
});

function script(name: string, body: string): string {
  const path = join(work, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const out = (name: string) => join(work, 'out', name);

describe('clear errors', () => {
  it('ffmpeg missing: names the path and what to install', async () => {
    const error = extractFrames(untagged, { outDir: out('missing'), ffmpegPath: join(work, 'no-such-dir', 'ffmpeg'), transfer: 'pq' });
    await expect(error).rejects.toMatchObject({ code: 'tool-missing', message: expect.stringMatching(/cannot run ffmpeg at '.*no-such-dir\/ffmpeg' \(ENOENT\): install ffmpeg 5\.1 or newer.*apt-get install ffmpeg/) });
  });

  it('ffmpeg too old: says the version found and the version needed', async () => {
    const old = script('ffmpeg', 'echo "ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021 the FFmpeg developers"');
    script('ffprobe', 'echo "ffprobe version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2007-2021 the FFmpeg developers"');
    await expect(extractFrames(untagged, { outDir: out('old'), ffmpegPath: old, transfer: 'pq' })).rejects.toMatchObject({
      code: 'tool-too-old',
      message: expect.stringMatching(/is version 4\.4\.2-0ubuntu0\.22\.04\.1; frame extraction needs 5\.1 or newer/),
    });
  });

  it('ffmpeg failing while decoding: its stderr is in the message', async () => {
    const failing = script('failing-ffmpeg', '[ "$1" = "-nostdin" ] && { echo "Simulated decoder failure: corrupt slice" >&2; exit 1; }\nexec ffmpeg "$@"');
    const error = extractFrames(untagged, { outDir: out('failing'), ffmpegPath: failing, ffprobePath: 'ffprobe', transfer: 'pq' });
    await expect(error).rejects.toMatchObject({ code: 'ffmpeg-failed', message: expect.stringMatching(/ffmpeg failed \(exit 1\)[^]*Simulated decoder failure/) });
  });

  it('not a video: says ffprobe could not read it', async () => {
    const text = join(work, 'notes.mp4');
    writeFileSync(text, 'these are notes, not a video\n');
    await expect(extractFrames(text, { outDir: out('text') })).rejects.toMatchObject({ code: 'not-a-video', message: expect.stringMatching(/notes\.mp4: ffprobe cannot read it as a video/) });
  });

  it('unknown transfer: refused unless the user names one, which is then recorded', async () => {
    await expect(extractFrames(untagged, { outDir: out('untagged') })).rejects.toMatchObject({
      code: 'unknown-transfer',
      message: expect.stringMatching(/does not say its transfer function.*--transfer pq\|hlg\|bt709/),
    });
    const summary = await extractFrames(untagged, { outDir: out('named'), transfer: 'smpte2084' });
    expect(summary.frames[0]).toMatchObject({
      transfer: 'pq',
      primaries: 'bt2020',
      signal: { matrix: 'bt2020nc', range: 'limited', provenance: { transfer: 'option', primaries: 'assumed', matrix: 'assumed' } },
    });
    await expect(extractFrames(untagged, { outDir: out('typo'), transfer: 'pqq' })).rejects.toMatchObject({ code: 'invalid-option', message: /unknown transfer 'pqq'/ });
  });

  it('a picture size change inside the stream: refused at the frame where it happens', async () => {
    const parts = await Promise.all(
      [32, 48].map(async (width) => {
        const path = join(work, `part-${width}.hevc`);
        const frames = [0.2, 0.4].map((value) => new Float32Array(width * 16 * 3).fill(value));
        await encodeVideo(path, { width, height: 16, frames }, { bitDepth: 10, ...BT2020_KR_KB, codecArgs: x265Args('smpte2084', 'lossless') });
        return readFileSync(path);
      }),
    );
    const joined = join(work, 'joined.hevc');
    writeFileSync(joined, Buffer.concat(parts));
    await expect(extractFrames(joined, { outDir: out('joined') })).rejects.toMatchObject({
      code: 'unsupported-signal',
      message: expect.stringMatching(/picture size changes from 32x16 to 48x16 at frame 2/),
    });
  });

  it('contradictory options are refused before anything runs', async () => {
    await expect(extractFrames(untagged, { outDir: out('both'), every: 2, fps: 5 })).rejects.toMatchObject({ code: 'invalid-option' });
    await expect(extractFrames(untagged, { outDir: out('peak'), transfer: 'hlg', hlgPeak: 0 })).rejects.toMatchObject({ message: /--hlg-peak must be a positive number/ });
  });
});
