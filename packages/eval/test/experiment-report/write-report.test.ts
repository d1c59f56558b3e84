import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeLdr } from '@hdr-lab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperimentReportError, writeExperimentReport } from '../../src/index.js';
import { sampleInput } from './sample-input.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'experiment-report-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeExperimentReport', () => {
  it('writes report.md and report.html beside the charts and figure cells they link to', async () => {
    const out = join(dir, 'full');
    const result = await writeExperimentReport(out, sampleInput());
    const figures = (await readdir(join(out, 'figures'))).sort();
    expect(figures.filter((name) => name.endsWith('.svg'))).toEqual(['loss-adversarial.svg', 'loss-reconstruction.svg', 'loss-total.svg']);
    // scene 01: 3 exposures x (input, ground truth, identity, akyuz07, rec, rec_gan); scene 02 has no prediction for rec.
    expect(figures.filter((name) => name.endsWith('.png'))).toHaveLength(3 * 6 + 3 * 5);
    expect(figures).toContain('scene_01_ev+0_identity.png');
    expect(figures).toContain('scene_01_ev+2_rec_gan.png');
    expect(figures).toContain('scene_02_ev-2_ground_truth.png');
    expect(result.files.slice(-2)).toEqual([join(out, 'report.md'), join(out, 'report.html')]);
    expect(await readFile(join(out, 'report.md'), 'utf8')).toBe(result.markdown);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toBe(result.html);

    for (const link of result.markdown.matchAll(/\]\((figures\/[^)]+)\)/g)) {
      expect(figures).toContain(decodeURI(link[1]!).slice('figures/'.length));
    }
    const png = await decodeLdr(new Uint8Array(await readFile(join(out, 'figures', 'scene_01_ev+0_input.png'))));
    expect([png.image.width, png.image.height, png.image.channels]).toEqual([16, 12, 3]);
  });

  it('puts the settings, the range-wise tables, the failed variant and the figure grid into report.md', async () => {
    const { markdown } = await writeExperimentReport(join(dir, 'md'), sampleInput());
    expect(markdown).toContain('# Loss ablation \\<hybrid loss\\>');
    expect(markdown).toContain('ablation · config `c0ffee12` · 2026-11-24T20:00:00Z');
    expect(markdown).toContain('| data | samples & tiny |');
    expect(markdown).toContain('- **rec_gan_vgg**: training diverged at step 40: loss NaN');
    expect(markdown).toContain('| akyuz07 (baseline) | 36.00 | 34.00 | 32.00 | 30.00 | 28.00 | 26.00 | **31.00** |');
    expect(markdown).toContain('![total](figures/loss-total.svg)');
    expect(markdown).toContain('| +2 EV | ![input +2 EV](figures/scene_01_ev+2_input.png) |');
    expect(markdown).toMatch(/\| -2 EV \| !\[input -2 EV\]\(figures\/scene_02_ev-2_input\.png\) \|( [^|]+ \|){3} no prediction \|/);
    expect(markdown).toContain('| exposure | input | ground truth | identity (baseline) | akyuz07 (baseline) | rec | rec_gan |');
  });

  it('opens report.md with the verdict against the baselines and shows per-image scores linked to their figures', async () => {
    const { markdown } = await writeExperimentReport(join(dir, 'verdicts'), sampleInput());
    const summary = '**Against the baselines:** 0 of 3 variants beat the best baseline on every column (1 failed). No variant beats the best baseline on rangewise.psnr.';
    expect(markdown).toContain(summary);
    expect(markdown.indexOf(summary)).toBeLessThan(markdown.indexOf('## Results'));
    expect(markdown).toContain('- **identity** (baseline): the input, linearised and unscaled');
    expect(markdown).toContain('- rec_gan: beats the best baseline on 1 of 3 columns — better than akyuz07 on psnr by +2.17 dB (6 of 6 images)');
    expect(markdown).toContain('| [scene 01](figures/scene_01_ev+0_ground_truth.png) | StillLife.exr | 24.00 | 28.50 | 29.00 | 31.00 |');
    expect(markdown).toContain('| scene 04 | Tunnel.exr | 27.00 | 30.50 | 30.50 | 32.50 |');
    expect(markdown).toContain('- **rec_gan**: [scene 01](figures/scene_01_ev+0_rec_gan.png) 31.00 dB, [scene 02](figures/scene_02_ev+0_rec_gan.png) 31.50 dB, scene 03 32.00 dB');
  });

  it('writes only the two reports when there is nothing to chart or show', async () => {
    const out = join(dir, 'bare');
    const input = sampleInput();
    const result = await writeExperimentReport(out, {
      ...input,
      variants: input.variants.map(({ losses: _losses, ...variant }) => variant),
      figures: [],
    });
    expect(result.files).toEqual([join(out, 'report.md'), join(out, 'report.html')]);
    expect((await readdir(out)).sort()).toEqual(['report.html', 'report.md']);
  });

  it('refuses input that would make a misleading report, naming the field', async () => {
    const input = sampleInput();
    const twice = { ...input, variants: [input.variants[0]!, input.variants[0]!] };
    await expect(writeExperimentReport(join(dir, 'bad'), twice)).rejects.toThrow(ExperimentReportError);
    await expect(writeExperimentReport(join(dir, 'bad'), twice)).rejects.toThrow("variants[1].name 'rec' is used twice");
    const unknown = { ...input, figures: [{ ...input.figures![0]!, predictions: { nope: input.figures![0]!.groundTruth } }] };
    await expect(writeExperimentReport(join(dir, 'bad'), unknown)).rejects.toThrow("prediction for 'nope', which is not a variant");
    const direction = {
      ...input,
      variants: [input.variants[0]!, { ...input.variants[1]!, metrics: { psnr: { mean: 1, std: 0, n: 1, higherIsBetter: false } } }],
    };
    await expect(writeExperimentReport(join(dir, 'bad'), direction)).rejects.toThrow("metric 'psnr' is higherIsBetter=true");
    await expect(writeExperimentReport(join(dir, 'bad'), { ...input, exposures: [0, NaN] })).rejects.toThrow('exposures must be finite');
    const [first, ...rest] = input.variants;
    const twiceScored = { ...input, variants: [{ ...first!, perImage: [...first!.perImage!, first!.perImage![0]!] }, ...rest] };
    await expect(writeExperimentReport(join(dir, 'bad'), twiceScored)).rejects.toThrow("variants[0].perImage has image 'scene 01' twice");
    const role = { ...input, variants: [{ ...first!, role: 'reference' as 'baseline' }, ...rest] };
    await expect(writeExperimentReport(join(dir, 'bad'), role)).rejects.toThrow("variants[0].role is 'reference'");
  });
});
