import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHdrFile, readImageFile } from '@hdr-lab/core';
import { runCli } from './support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLES = join(ROOT, 'data', 'samples');
const work = mkdtempSync(join(tmpdir(), 'hdr-lab-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hdr-lab info', () => {
  it('describes an EXR sample with luminance statistics', async () => {
    const { status, out } = await runCli('info', join(SAMPLES, 'Desk.exr'));
    expect(status).toBe(0);
    expect(out).toContain('OpenEXR, piz compression, half samples');
    expect(out).toContain('644 x 874, 4 channels');
    expect(out).toMatch(/dynamic range \d+\.\d\d stops/);
  });

  it('prints JSON with numbers that match the decoded image', async () => {
    const { status, out } = await runCli('info', '--json', join(SAMPLES, 'WideColorGamut.exr'));
    expect(status).toBe(0);
    const [report] = JSON.parse(out) as [{ format: string; compression: string; width: number; luminance: { min: number; max: number; median: number } }];
    expect(report).toMatchObject({ format: 'exr', compression: 'zip', width: 800 });
    const { image } = await readHdrFile(join(SAMPLES, 'WideColorGamut.exr'));
    let max = -Infinity;
    for (let i = 0; i < image.data.length; i += 3) {
      max = Math.max(max, 0.2126 * image.data[i] + 0.7152 * image.data[i + 1] + 0.0722 * image.data[i + 2]);
    }
    expect(report.luminance.max).toBeCloseTo(max, 4);
    expect(report.luminance.min).toBeLessThanOrEqual(report.luminance.median);
  });

  it('reports a file that is not an image, keeps going, and exits 1', async () => {
    const html = join(work, 'dead-link.hdr');
    writeFileSync(html, '<!DOCTYPE html><html><body>404 Not Found</body></html>');
    const { status, out, err } = await runCli('info', html, join(SAMPLES, 'Desk.exr'));
    expect(status).toBe(1);
    expect(err).toContain('dead-link.hdr');
    expect(err).toContain('HTML');
    expect(out).toContain('Desk.exr');
  });

  it('names a missing file in one line', async () => {
    const { status, err } = await runCli('info', join(work, 'nope.exr'));
    expect(status).toBe(1);
    expect(err).toMatch(/nope\.exr: no such file/);
    expect(err.split('\n')).toHaveLength(1);
  });
});

describe('hdr-lab convert', () => {
  it('converts EXR -> HDR -> PFM -> EXR keeping the pixels within RGBE quantisation', async () => {
    const source = join(SAMPLES, 'WideColorGamut.exr');
    const hdr = join(work, 'wcg.hdr');
    const pfm = join(work, 'wcg.pfm');
    const exr = join(work, 'wcg.exr');
    expect((await runCli('convert', source, hdr)).status).toBe(0);
    expect((await runCli('convert', hdr, pfm)).status).toBe(0);
    expect((await runCli('convert', pfm, exr, '--pixel-type', 'float', '--compression', 'none')).status).toBe(0);
    const original = (await readHdrFile(source)).image;
    const back = await readHdrFile(exr);
    expect(back.info).toMatchObject({ format: 'exr', compression: 'none', pixelType: 'float' });
    let worst = 0;
    for (let p = 0; p < original.width * original.height; p++) {
      const peak = Math.max(original.data[p * 3], original.data[p * 3 + 1], original.data[p * 3 + 2]);
      for (let c = 0; c < 3; c++) {
        const error = Math.abs(back.image.data[p * 3 + c] - Math.max(0, original.data[p * 3 + c]));
        if (peak > 1e-6) worst = Math.max(worst, error / peak);
      }
    }
    expect(worst).toBeLessThan(1 / 128);
  });

  it('refuses PNG output without an explicit exposure (exit 2)', async () => {
    const { status, err } = await runCli('convert', join(SAMPLES, 'Desk.exr'), join(work, 'desk.png'));
    expect(status).toBe(2);
    expect(err).toContain('--exposure');
  });

  it('writes an sRGB PNG at the given exposure', async () => {
    const png = join(work, 'desk.png');
    expect((await runCli('convert', join(SAMPLES, 'Desk.exr'), png, '--exposure', '1', '--bit-depth', '16')).status).toBe(0);
    const decoded = await readImageFile(png);
    expect(decoded.kind).toBe('ldr');
    if (decoded.kind === 'ldr') expect(decoded.info).toMatchObject({ format: 'png', width: 644, height: 874, bitDepth: 16 });
  });

  it('exits 2 for an unknown output extension and for a bad option value', async () => {
    expect((await runCli('convert', join(SAMPLES, 'Desk.exr'), join(work, 'x.tiff'))).status).toBe(2);
    expect((await runCli('convert', join(SAMPLES, 'Desk.exr'), join(work, 'x.exr'), '--compression', 'lzw')).status).toBe(2);
  });

  it('refuses to drop alpha silently when the output format cannot store it (exit 2)', async () => {
    const { status, err } = await runCli('convert', join(SAMPLES, 'Desk.exr'), join(work, 'desk.hdr'));
    expect(status).toBe(2);
    expect(err).toContain('cannot store alpha');
  });

  it('leaves no partial output when the input is corrupt', async () => {
    const broken = join(work, 'broken.exr');
    copyFileSync(join(SAMPLES, 'Desk.exr'), broken);
    writeFileSync(broken, readFileSync(broken).subarray(0, 5000));
    const { status, err } = await runCli('convert', broken, join(work, 'out.exr'));
    expect(status).toBe(1);
    expect(err).toContain('broken.exr');
    expect(() => readFileSync(join(work, 'out.exr'))).toThrow();
  });
});

describe('the installed command', () => {
  const bin = join(ROOT, 'experiments', 'bin', 'hdr-lab.js');

  it('prints help listing the commands (exit 0)', () => {
    const out = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(out).toContain('info');
    expect(out).toContain('convert');
  });

  it('prints the package version', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'experiments', 'package.json'), 'utf8')) as { version: string }).version;
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(version);
  });

  it('exits 2 on an unknown command, 1 on a failure, without a stack trace', () => {
    expect(spawnSync(process.execPath, [bin, 'frobnicate']).status).toBe(2);
    const failed = spawnSync(process.execPath, [bin, 'info', join(work, 'missing.exr')], { encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).not.toContain('    at ');
  });
});
