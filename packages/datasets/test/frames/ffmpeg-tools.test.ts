import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FfmpegLog } from '../../src/frames/ffmpeg-log.js';
import { defaultFfprobePath, findFfmpeg } from '../../src/frames/ffmpeg-tools.js';
import { isSupportedFfmpegVersion, parseFfmpegVersion } from '../../src/frames/ffmpeg-version.js';

const work = mkdtempSync(join(tmpdir(), 'frames-tools-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('ffmpeg versions', () => {
  it('parses distribution, release and git-snapshot version lines', () => {
    expect(parseFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toEqual({ text: '5.1.9-0+deb12u1', release: { major: 5, minor: 1, patch: 9 } });
    expect(parseFfmpegVersion('ffprobe version n7.0 Copyright')?.release).toEqual({ major: 7, minor: 0, patch: 0 });
    expect(parseFfmpegVersion('ffmpeg version N-113227-g1c6fd7d756 Copyright')).toEqual({ text: 'N-113227-g1c6fd7d756' });
    expect(parseFfmpegVersion('Usage: something else')).toBeUndefined();
  });

  it('accepts 5.1 and newer (and snapshots, whose features are checked instead)', () => {
    const supported = (line: string) => isSupportedFfmpegVersion(parseFfmpegVersion(line)!);
    expect(supported('ffmpeg version 5.0.3')).toBe(false);
    expect(supported('ffmpeg version 4.4.2-0ubuntu0.22.04.1')).toBe(false);
    expect(supported('ffmpeg version 5.1')).toBe(true);
    expect(supported('ffmpeg version 6.0.1')).toBe(true);
    expect(supported('ffmpeg version N-113227-g1c6fd7d756')).toBe(true);
  });
});

describe('finding the tools', () => {
  it('finds the installed ffmpeg, checks its version and zscale, and caches the result', async () => {
    const tools = await findFfmpeg();
    expect(tools.ffmpegVersion.release!.major).toBeGreaterThanOrEqual(5);
    expect(await findFfmpeg()).toBe(tools);
  });

  it('looks for ffprobe beside an explicitly placed ffmpeg', () => {
    expect(defaultFfprobePath('ffmpeg')).toBe('ffprobe');
    expect(defaultFfprobePath('/opt/ffmpeg-7/bin/ffmpeg')).toBe('/opt/ffmpeg-7/bin/ffprobe');
  });

  it('names the missing filter of a build without libzimg', async () => {
    const fake = join(work, 'ffmpeg');
    writeFileSync(fake, '#!/bin/sh\n[ "$2" = "-filters" ] && { echo " ... select  V->N  Select"; echo " ... showinfo V->V Show"; exit 0; }\nexec ffmpeg "$@"\n');
    chmodSync(fake, 0o755);
    await expect(findFfmpeg({ ffmpegPath: fake, ffprobePath: 'ffprobe' })).rejects.toMatchObject({
      code: 'tool-lacks-feature',
      message: expect.stringMatching(/has no zscale filter \(the build lacks libzimg/),
    });
  });
});

describe("reading ffmpeg's log", () => {
  const line = (n: number, pts: string, size = '64x48') =>
    `[Parsed_showinfo_1 @ 0x55] n:${String(n).padStart(4)} pts:${pts.padStart(7)} pts_time:0 pos: 44 fmt:yuv420p10le sar:1/1 s:${size} i:P iskey:1 type:I \n`;

  it('takes timestamps from pts and the time base, sizes from s:, and keeps the other lines for errors', async () => {
    const log = new FfmpegLog();
    log.push(`Input #0, mov\n[Parsed_showinfo_1 @ 0x55] config in time_base: 1/12288, frame_rate: 24/1\n${line(0, '0')}`);
    const split = line(1, '442368', '1920x1080');
    log.push(split.slice(0, 50));
    log.push(`${split.slice(50)}[hevc @ 0x1] corrupt slice\n${line(2, 'NOPTS')}`);
    log.end();
    expect(await log.frame(0)).toEqual({ time: 0, width: 64, height: 48 });
    expect(await log.frame(1)).toEqual({ time: 442368 / 12288, width: 1920, height: 1080 });
    expect((await log.frame(2))!.time).toBeNaN();
    expect(await log.frame(3)).toBeUndefined();
    expect(log.text()).toBe('Input #0, mov\n[hevc @ 0x1] corrupt slice');
  });

  it('waits for a frame line that arrives after the frame', async () => {
    const log = new FfmpegLog();
    const pending = log.frame(0);
    log.push(`[Parsed_showinfo_0 @ 0x1] config in time_base: 1/25, frame_rate: 25/1\n${line(0, '50')}`);
    expect((await pending)!.time).toBe(2);
  });
});
