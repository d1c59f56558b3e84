import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFrames } from '../../src/frames/extract-frames.js';
import { MANIFEST_NAME, readManifest } from '../../src/frames/manifest.js';
import type { FrameEvent } from '../../src/frames/options.js';
import { BT2020_KR_KB, encodeVideo, x265Args } from './support/encode-video.js';

const work = mkdtempSync(join(tmpdir(), 'frames-rerun-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const video = join(work, 'clip.mp4');

beforeAll(async () => {
  const frames = Array.from({ length: 6 }, (_, k) => new Float32Array(32 * 16 * 3).fill(0.3 + 0.05 * k));
  await encodeVideo(video, { width: 32, height: 16, frames }, { bitDepth: 10, ...BT2020_KR_KB, codecArgs: x265Args('smpte2084', 'lossless') });
});

function mtimes(outDir: string): Record<string, number> {
  return Object.fromEntries(readdirSync(outDir).map((file) => [file, statSync(join(outDir, file)).mtimeMs]));
}

async function run(outDir: string, options: Record<string, unknown> = {}) {
  const events: FrameEvent['action'][] = [];
  const summary = await extractFrames(video, { outDir, onFrame: (event) => events.push(event.action), ...options });
  return { summary, events };
}

describe('re-running an extraction', () => {
  it('keeps every frame written with the same settings and rewrites nothing', async () => {
    const outDir = join(work, 'same');
    const first = await run(outDir);
    expect(first.summary).toMatchObject({ written: 6, kept: 0 });
    const manifest = readFileSync(join(outDir, MANIFEST_NAME), 'utf8');
    const before = mtimes(outDir);
    const second = await run(outDir);
    expect(second.summary).toMatchObject({ written: 0, kept: 6, removed: [] });
    expect(second.events).toEqual(Array(6).fill('kept'));
    const after = mtimes(outDir);
    for (const file of Object.keys(before).filter((name) => name.endsWith('.exr'))) expect(after[file]).toBe(before[file]);
    expect(readFileSync(join(outDir, MANIFEST_NAME), 'utf8')).toBe(manifest);
    expect(manifest.trim().split('\n')).toHaveLength(6);
  });

  it('extends an earlier run when --max-frames grows, and rewrites everything when a setting changes', async () => {
    const outDir = join(work, 'grow');
    expect((await run(outDir, { maxFrames: 2 })).summary).toMatchObject({ written: 2, kept: 0 });
    expect((await run(outDir)).summary).toMatchObject({ written: 4, kept: 2 });
    expect((await run(outDir, { toBt709: true })).summary).toMatchObject({ written: 6, kept: 0 });
    const records = await readManifest(outDir);
    expect(records.map((record) => record.primaries)).toEqual(Array(6).fill('bt709'));
  });

  it('removes frames of an earlier run that the new selection does not produce', async () => {
    const outDir = join(work, 'shrink');
    await run(outDir);
    const { summary } = await run(outDir, { every: 3 });
    expect(summary).toMatchObject({ written: 2, removed: ['frame_000002.exr', 'frame_000003.exr', 'frame_000004.exr', 'frame_000005.exr'] });
    expect(readdirSync(outDir).sort()).toEqual(['frame_000000.exr', 'frame_000001.exr', MANIFEST_NAME]);
    expect((await readManifest(outDir)).map((record) => record.timestamp)).toEqual([0, 3 / 24]);
  });

  it('rewrites a frame whose file changed, and survives a torn manifest line of an interrupted run', async () => {
    const outDir = join(work, 'damaged');
    await run(outDir);
    writeFileSync(join(outDir, 'frame_000004.exr'), 'not an image any more');
    appendFileSync(join(outDir, MANIFEST_NAME), '{"file":"frame_0000');
    const { summary, events } = await run(outDir);
    expect(summary).toMatchObject({ written: 1, kept: 5 });
    expect(events[4]).toBe('written');
    expect(readFileSync(join(outDir, MANIFEST_NAME), 'utf8').trim().split('\n')).toHaveLength(6);
  });

  it('keeps the manifest line of each frame written before a run is interrupted', async () => {
    const outDir = join(work, 'interrupted');
    await run(outDir);
    writeFileSync(join(outDir, 'frame_000001.exr'), 'damaged');
    appendFileSync(join(outDir, MANIFEST_NAME), '{"file":"frame_0000');
    const stop = (event: FrameEvent) => {
      if (event.action === 'written') throw new Error('interrupted');
    };
    await expect(extractFrames(video, { outDir, onFrame: stop })).rejects.toThrow('interrupted');
    const records = await readManifest(outDir);
    expect(records).toHaveLength(6);
    expect(records[1]!.bytes).toBe(statSync(join(outDir, 'frame_000001.exr')).size);
    expect((await run(outDir)).summary).toMatchObject({ written: 0, kept: 6 });
  });

  it('notices a changed source (size and mtime with --identity stat)', async () => {
    const outDir = join(work, 'source');
    const copy = join(work, 'copy.mp4');
    writeFileSync(copy, readFileSync(video));
    await extractFrames(copy, { outDir, identity: 'stat' });
    appendFileSync(copy, Buffer.alloc(16));
    const summary = await extractFrames(copy, { outDir, identity: 'stat' });
    expect(summary).toMatchObject({ written: 6, kept: 0 });
    expect(summary.frames[0]!.source).toMatchObject({ path: copy, size: readFileSync(copy).length });
    expect(summary.frames[0]!.source.sha256).toBeUndefined();
  });
});
