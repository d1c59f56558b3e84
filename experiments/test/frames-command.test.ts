import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHdrImage, readHdrFile, writeHdrFile } from '@hdr-lab/core';
import { runCli } from './support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-frames-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hdr-lab frames', () => {
  it('treats a folder of EXR frames as a video: selection, relative units recorded, frames.jsonl', async () => {
    const shots = join(work, 'shots');
    mkdirSync(shots);
    for (let i = 0; i < 5; i++) {
      await writeHdrFile(join(shots, `f_${String(i).padStart(4, '0')}.exr`), createHdrImage(8, 4, 3, new Float32Array(96).fill(0.25 * (i + 1))), { pixelType: 'float' });
    }
    const out = join(work, 'out');
    const { status, out: printed, err } = await runCli('frames', shots, '--out', out, '--every', '2', '--input-fps', '10');
    expect(err).toBe('');
    expect(status).toBe(0);
    expect(printed).toContain('3 frames');
    const records = readFileSync(join(out, 'frames.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.timestamp)).toEqual([0, 0.2, 0.4]);
    expect(records[0]).toMatchObject({ units: 'relative', referenceWhite: 100 });
    const { image } = await readHdrFile(join(out, records[1].file));
    expect(image.data[0]).toBeCloseTo(0.75, 3);
  });

  it('says what to install when ffmpeg is missing, and refuses conflicting selections (exit 2)', async () => {
    writeFileSync(join(work, 'clip.mp4'), '');
    const missing = await runCli('frames', join(work, 'clip.mp4'), '--out', join(work, 'x'), '--ffmpeg', join(work, 'no-ffmpeg'));
    expect(missing.status).toBe(1);
    expect(missing.err).toContain('cannot run ffmpeg at');
    expect(missing.err).toContain('apt-get install ffmpeg');
    const both = await runCli('frames', join(work, 'shots'), '--out', join(work, 'y'), '--every', '2', '--fps', '5');
    expect(both.status).toBe(2);
  });
});
