import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHdrImage, gammaEncode, readHdrFile, readImageFile, resize, toneMap, writeHdrFile, type HdrImage } from '@hdr-lab/core';
import { evaluateMetric, evaluateRangewise } from '@hdr-lab/eval';
import { runCli } from './support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLES = join(ROOT, 'data', 'samples');
const work = mkdtempSync(join(tmpdir(), 'hdr-lab-eval-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const referenceDir = join(work, 'ref');
const testDir = join(work, 'test');
const names = ['Desk', 'Ocean', 'StillLife'];

/** A small RGB copy of a sample, and a prediction with a per-image exposure error and deterministic noise. */
async function samplePair(name: string, index: number): Promise<[HdrImage, HdrImage]> {
  const { image } = await readHdrFile(join(SAMPLES, `${name}.exr`));
  const rgb = createHdrImage(image.width, image.height, 3, Float32Array.from({ length: image.width * image.height * 3 }, (_, i) =>
    image.data[Math.floor(i / 3) * image.channels + (i % 3)]!));
  const small = resize(rgb, 96, 72);
  let seed = index + 1;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.2;
  const test = createHdrImage(96, 72, 3, Float32Array.from(small.data, (v) => Math.max(0, v * (1 + 0.1 * index) * (1 + noise()))));
  return [small, test];
}

const pairs: Record<string, [HdrImage, HdrImage]> = {};

beforeAll(async () => {
  mkdirSync(referenceDir);
  mkdirSync(testDir);
  for (const [index, name] of names.entries()) {
    pairs[name] = await samplePair(name, index);
    await writeHdrFile(join(referenceDir, `${name}.exr`), pairs[name]![0], { pixelType: 'float' });
    await writeHdrFile(join(testDir, `${name}.pfm`), pairs[name]![1]);
  }
});

describe('hdr-lab metrics', () => {
  it('prints each score with its settings, equal to the library', async () => {
    const args = ['metrics', '--ref', join(referenceDir, 'Desk.exr'), '--test', join(testDir, 'Desk.pfm')];
    const { status, out } = await runCli(...args, '--metrics', 'psnr-mu', 'pu-ssim', '--param', 'psnr-mu.normalisation=gtMax', '--json');
    expect(status).toBe(0);
    const results = JSON.parse(out) as { id: string; value: number; params: Record<string, unknown> }[];
    const [reference, test] = pairs['Desk']!;
    expect(results.map((r) => r.id)).toEqual(['psnr-mu', 'pu-ssim']);
    expect(results[0]!.value).toBeCloseTo(evaluateMetric('psnr-mu', reference, test, { normalisation: 'gtMax' }).value, 10);
    expect(results[0]!.params).toEqual({ mu: 5000, normalisation: 'gtMax' });
    expect(results[1]!.value).toBeCloseTo(evaluateMetric('pu-ssim', reference, test).value, 10);
    const text = await runCli(...args, '--metrics', 'ssim-tm');
    expect(text.out).toMatch(/^ssim-tm {2}0\.\d{6}( \[[^\]]*negative-luminance-clamped:\d+[^\]]*\])? {2}\(v2; tmo=reinhard02 reinhardVariant=pfstmo gamma=2\.2 stats=per-image\)$/);
  });

  it('rejects an unknown metric or parameter before reading any image (exit 2)', async () => {
    const missing = ['--ref', join(work, 'none.exr'), '--test', join(work, 'none.exr')];
    const unknown = await runCli('metrics', ...missing, '--metrics', 'vif');
    expect(unknown.status).toBe(2);
    expect(unknown.err).toContain("unknown metric 'vif'");
    const badParam = await runCli('metrics', ...missing, '--metrics', 'ssim', '--param', 'ssim.colour=grey');
    expect(badParam.status).toBe(2);
    expect(badParam.err).toContain('metrics.ssim.colour: expected one of per-channel, luma601, luminance709, got "grey"');
    const notComputed = await runCli('metrics', ...missing, '--metrics', 'ssim', '--param', 'psnr.peak=255');
    expect(notComputed.err).toContain("sets a parameter of 'psnr', which is not among the metrics computed (ssim)");
  });
});

describe('--list', () => {
  it('shows every metric and operator with its parameters, defaults and admissible values', async () => {
    const metrics = await runCli('metrics', '--list');
    expect(metrics.status).toBe(0);
    expect(metrics.out).toContain('ms-ssim (v1): multi-scale structural similarity');
    expect(metrics.out).toContain('    downsample = same  (same | valid)');
    expect(metrics.out).toContain('    peakNits = 4000  (>= 0.000001)');
    expect(metrics.out).toContain('settings: checkout, interpreter, executable, version, encoding, task, compat, tempDir, peakNits, ppd, timeoutSeconds, display');
    const operators = await runCli('tonemap', '--list');
    expect(operators.out).toContain('    c1 = 3  (>= 0.000001): KK_c1');
    expect(operators.out).toContain('input: linear scene-referred HDR, any positive scale');
    const bare = await runCli('tonemap');
    expect(bare.status).toBe(2);
    expect(bare.err).toContain('give --op ID, IN and OUT (or --list)');
  });
});

describe('hdr-lab rangewise', () => {
  it('prints the six levels and their means, as the library computes them', async () => {
    const args = ['rangewise', '--ref', join(referenceDir, 'Ocean.exr'), '--test', join(testDir, 'Ocean.pfm')];
    const { status, out } = await runCli(...args, '--json');
    expect(status).toBe(0);
    const expected = evaluateRangewise(...pairs['Ocean']!);
    expect(JSON.parse(out)).toMatchObject({ meanPsnr: expected.meanPsnr, meanSsim: expected.meanSsim, signature: expected.signature });
    const text = await runCli(...args, '--levels', '5,6', '--rounding', 'floor');
    expect(text.out.split('\n')).toHaveLength(5);
    expect(text.out).toContain('levels=5,6 rounding=floor predictionScale=gt-median');
  });
});

describe('hdr-lab tonemap', () => {
  it('writes a PNG of a display-linear operator clipped and gamma-encoded, and EXR output unencoded', async () => {
    const source = join(referenceDir, 'StillLife.exr');
    const png = join(work, 'still.png');
    const { status, out } = await runCli('tonemap', '--op', 'reinhard02', '--param', 'key=0.36', source, png);
    expect(status).toBe(0);
    expect(out).toContain('reinhard02 v2 (variant=pfstmo key=0.36); display encoding gamma 2.2');
    const mapped = toneMap(pairs['StillLife']![0], 'reinhard02', { key: 0.36 }).image;
    const { image: written } = await readImageFile(png);
    const expected = Float32Array.from(mapped.data, (v) => Math.round(gammaEncode(Math.min(1, Math.max(0, v)), 2.2) * 255) / 255);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(written.data[i]! - expected[i]!));
    expect(worst).toBeLessThanOrEqual(1 / 255 + 1e-6);
    const exr = join(work, 'still-kk.exr');
    expect((await runCli('tonemap', '--op', 'kimkautz08', source, exr)).status).toBe(0);
    const floats = (await readHdrFile(exr)).image;
    const direct = toneMap(pairs['StillLife']![0], 'kimkautz08').image;
    expect(Math.abs(floats.data[1234]! - direct.data[1234]!)).toBeLessThan(2e-3);
  });

  it('names a bad parameter with its path (exit 2)', async () => {
    const { status, err } = await runCli('tonemap', '--op', 'reinhard02', '--param', 'white=3', join(referenceDir, 'Desk.exr'), join(work, 'x.png'));
    expect(status).toBe(2);
    expect(err).toContain("tonemap.reinhard02.white: unknown parameter; 'reinhard02' takes variant, key");
  });
});

describe('hdr-lab baselines', () => {
  it('lists every baseline with its kind of input, and the expansion operators with their defaults', async () => {
    const listed = await runCli('baselines', '--list');
    expect(listed.status).toBe(0);
    for (const id of ['identity', 'akyuz07', 'landis02', 'huo13', 'huo14', 'kovaleski14', 'masia09', 'masia17', 'reference-exposure', 'debevec-merge']) {
      expect(listed.out).toMatch(new RegExp(`^${id} \\(v[^,]+, (single-image|bracket) input\\): `, 'm'));
    }
    expect(listed.out).toMatch(/^ {4}gammaRemoval = 2\.2/m);
  });

  it('scores a baseline over a folder of LDR inputs as a folder of predictions is scored', async () => {
    const inputs = join(work, 'ldr-inputs');
    mkdirSync(inputs);
    for (const name of names) {
      const [reference] = pairs[name]!;
      await writeHdrFile(join(inputs, `${name}.exr`), createHdrImage(96, 72, 3, Float32Array.from(reference.data, (v) => Math.min(1, Math.max(0, v)))), { pixelType: 'float' });
    }
    const out = join(work, 'identity-eval');
    const scored = await runCli('eval', '--ref', referenceDir, '--baseline', 'identity', '--inputs', inputs, '--encoding', 'linear', '--metrics', 'psnr', '--no-rangewise', '--out', out);
    expect(scored.status, scored.err).toBe(0);
    expect(scored.err).toContain('identity [3/3] StillLife.exr');
    const { image: reconstructed } = await readHdrFile(join(out, 'predictions', 'Desk.exr'));
    const direct = await runCli('eval', '--ref', referenceDir, '--test', join(out, 'predictions'), '--metrics', 'psnr', '--no-rangewise');
    expect(direct.out).toBe(scored.out);
    expect(reconstructed.width).toBe(96);
    const summary = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(summary.run).toMatchObject({ baseline: 'identity', encoding: 'linear' });

    const missing = await runCli('eval', '--ref', referenceDir, '--baseline', 'identity');
    expect([missing.status, missing.err]).toEqual([2, expect.stringContaining('--baseline identity needs --inputs DIR')]);
    const both = await runCli('eval', '--ref', referenceDir, '--test', testDir, '--baseline', 'identity', '--inputs', inputs);
    expect([both.status, both.err]).toEqual([2, expect.stringContaining('give either --test DIR or --baseline ID --inputs DIR, not both')]);
    const bracket = await runCli('eval', '--ref', referenceDir, '--baseline', 'debevec-merge', '--inputs', inputs);
    expect([bracket.status, bracket.err]).toEqual([2, expect.stringContaining("baseline 'debevec-merge' fuses a bracket")]);
  });
});

describe('hdr-lab eval', () => {
  it('pairs images by name, writes per-image JSONL and the tables as Markdown, CSV and JSON', async () => {
    const out = join(work, 'report');
    const extra = join(work, 'test', 'Unpaired.pfm');
    await writeHdrFile(extra, pairs['Desk']![1]);
    const { status, out: printed, err } = await runCli('eval', '--ref', referenceDir, '--test', testDir, '--out', out, '--metrics', 'psnr-mu', 'ssim-tm');
    rmSync(extra);
    expect(status).toBe(0);
    expect(err).toContain("warning: test image 'Unpaired' has no reference of the same name; left out");
    expect(err).toContain('[3/3] StillLife');
    const records = readFileSync(join(out, 'per-image.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.name)).toEqual(['Desk', 'Ocean', 'StillLife']);
    const values = names.map((name) => evaluateMetric('psnr-mu', ...pairs[name]!).value);
    records.forEach((record, index) => expect(record.metrics[0].value).toBeCloseTo(values[index]!, 8));
    const mean = values.reduce((a, b) => a + b, 0) / 3;
    const std = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / 2);
    const summary = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(summary.metrics[0]).toMatchObject({ id: 'psnr-mu', version: '1', images: 3, params: { mu: 5000, normalisation: 'none' } });
    expect(summary.metrics[0].mean).toBeCloseTo(mean, 8);
    expect(summary.metrics[0].std).toBeCloseTo(std, 8);
    expect(summary.run.unmatchedTest).toEqual(['Unpaired']);
    const csv = readFileSync(join(out, 'metrics.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe('metric,mean,std,images,excluded,version,params');
    expect(csv[1]).toBe(`psnr-mu,${mean.toFixed(2)},${std.toFixed(2)},3,,1,mu=5000 normalisation=none`);
    expect(readFileSync(join(out, 'metrics.md'), 'utf8')).toContain(`| psnr-mu | ${mean.toFixed(2)} | ${std.toFixed(2)} | 3 |`);
    const rangewise = JSON.parse(readFileSync(join(out, 'rangewise.json'), 'utf8'));
    const perImage = names.map((name) => evaluateRangewise(...pairs[name]!));
    expect(rangewise.levels[0].meanSsim).toBeCloseTo(perImage.reduce((sum, r) => sum + r.levels[0]!.ssim, 0) / 3, 10);
    expect(readFileSync(join(out, 'rangewise.csv'), 'utf8').split('\r\n')[0]).toBe(',2^-3,2^-4,2^-5,2^-6,2^-7,2^-8,Mean');
    expect(printed).toContain('| PSNR |');
  });

  it('records a pair it cannot read, scores the rest, and exits 1; identical images are counted, not averaged', async () => {
    const brokenTests = join(work, 'broken');
    mkdirSync(brokenTests);
    writeFileSync(join(brokenTests, 'Desk.hdr'), '<!DOCTYPE html><html><body>404</body></html>');
    await writeHdrFile(join(brokenTests, 'Ocean.exr'), pairs['Ocean']![0], { pixelType: 'float' });
    const out = join(work, 'broken-report');
    const { status, err } = await runCli('eval', '--ref', referenceDir, '--test', brokenTests, '--out', out, '--metrics', 'psnr', '--no-rangewise');
    expect(status).toBe(1);
    expect(err).toMatch(/failed: Desk: .*HTML/);
    const summary = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(summary.failed).toHaveLength(1);
    expect(summary.metrics[0]).toMatchObject({ images: 0, excluded: { identical: 1 }, mean: 'NaN' });
    const ocean = readFileSync(join(out, 'per-image.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line))[1];
    expect(ocean.metrics[0]).toMatchObject({ value: 'Infinity', flags: ['identical'] });
  });

  it('runs HDR-VDP in one Octave for the whole batch and records its settings with each score', async () => {
    const checkout = join(ROOT, 'packages', 'eval', 'test', 'fixtures', 'hdrvdp', 'v2');
    const out = join(work, 'vdp-report');
    const args = ['eval', '--ref', referenceDir, '--test', testDir, '--out', out, '--no-rangewise', '--metrics', 'psnr', 'hdr-vdp'];
    const { status, err } = await runCli(...args, '--param', `hdr-vdp.checkout=${checkout}`, '--param', 'hdr-vdp.display=24,1900x1200,0.5');
    expect(err).not.toContain('failed');
    expect(status).toBe(0);
    const records = readFileSync(join(out, 'per-image.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    for (const record of records) {
      const vdp = record.metrics[1];
      expect(vdp).toMatchObject({ id: 'hdr-vdp', version: '1' });
      expect(vdp.value).toBeGreaterThan(0);
      expect(vdp.value).toBeLessThan(100);
      expect(vdp.params).toMatchObject({ hdrvdpVersion: '2.2.1-standin', interpreter: 'octave', encoding: 'rgb-bt.709', scaling: 'reference-max', peakNits: 1000 });
      expect(vdp.params.ppd).toBeCloseTo(33.2756, 4);
    }
    const summary = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(summary.metrics.map((m: { id: string }) => m.id)).toEqual(['psnr', 'hdr-vdp']);
  });

  it('says what to set when HDR-VDP has no checkout, before scoring anything (exit 1)', async () => {
    const saved = process.env['HDRVDP_PATH'];
    delete process.env['HDRVDP_PATH'];
    try {
      const { status, err } = await runCli('eval', '--ref', referenceDir, '--test', testDir, '--metrics', 'hdr-vdp');
      expect(status).toBe(1);
      expect(err).toContain('no HDR-VDP checkout given: set HDRVDP_PATH or the checkout option');
      expect(err).not.toContain('[1/3]');
    } finally {
      if (saved !== undefined) process.env['HDRVDP_PATH'] = saved;
    }
  });

  it('says how pairs are matched when none are (exit 2)', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const { status, err } = await runCli('eval', '--ref', referenceDir, '--test', empty);
    expect(status).toBe(2);
    expect(err).toContain('pairs are matched by file name without extension');
  });
});
