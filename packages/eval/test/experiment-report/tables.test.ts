import { describe, expect, it } from 'vitest';
import { experimentTableMarkdown } from '../../src/index.js';
import { bestNotes, findBest, markBest, type Estimate } from '../../src/experiment-report/best.js';
import { columnSpread } from '../../src/experiment-report/spread.js';
import { formatMeanStd, formatStops, formatValue, uniqueSlugs } from '../../src/experiment-report/format.js';
import { rangewiseTables, resultsNote, resultsTable, signatureWarnings } from '../../src/experiment-report/tables.js';
import type { ExperimentReportInput, VariantResult } from '../../src/index.js';
import { sampleInput } from './sample-input.js';

function variant(name: string, metrics: VariantResult['metrics'], status: VariantResult['status'] = 'completed'): VariantResult {
  return { name, status, metrics };
}

function input(variants: VariantResult[]): ExperimentReportInput {
  return { title: 't', kind: 'sweep', configHash: 'h', createdAt: '2026-01-01T00:00:00Z', variants };
}

const estimate = (mean: number, se: number, label = `m${mean}`): Estimate => ({ label, mean, se });

describe('findBest', () => {
  it('marks a clear win, higher or lower being better', () => {
    expect(findBest([estimate(30, 0.3), estimate(31.5, 0.3), estimate(29, 0.3)], true, 2)).toEqual({ kind: 'win', row: 1 });
    expect(findBest([estimate(0.3, 0.01), estimate(0.1, 0.01), estimate(0.2, 0.01)], false, 4)).toEqual({ kind: 'win', row: 1 });
    expect(markBest({ kind: 'win', row: 1 }, 3)).toEqual([false, true, false]);
  });

  it('marks nothing when the top two are within the larger of their standard errors', () => {
    // The leader's own standard error is small; the rival's is what makes the 0.4 dB lead noise.
    const outcome = findBest([estimate(30, 0.5), estimate(30.4, 0.05)], true, 2);
    expect(outcome).toEqual({ kind: 'within-error', row: 1, rival: 0, error: 0.5 });
    expect(markBest(outcome, 2)).toEqual([false, false]);
    expect(findBest([estimate(30, 0.3), estimate(30.4, 0.05)], true, 2)).toEqual({ kind: 'win', row: 1 });
    expect(findBest([estimate(0.2, 0.01), estimate(0.19, 0.02)], false, 4)).toEqual({ kind: 'within-error', row: 1, rival: 0, error: 0.02 });
  });

  it('holds the leader to every other row, not only the runner-up', () => {
    expect(findBest([estimate(32, 0.1), estimate(31.5, 0.1), estimate(30, 3)], true, 2)).toEqual({ kind: 'within-error', row: 0, rival: 2, error: 3 });
  });

  it('lets no row win on a digit the table does not show', () => {
    expect(findBest([estimate(31.234, 0), estimate(31.2349, 0)], true, 2)).toMatchObject({ kind: 'within-error' });
    expect(findBest([estimate(0.5, 0), estimate(0.5, 0)], false, 4)).toMatchObject({ kind: 'within-error' });
    expect(findBest([estimate(31.234, 0), estimate(31.236, 0)], true, 2)).toEqual({ kind: 'win', row: 1 });
  });

  it('marks nothing where there is no spread to judge by', () => {
    expect(findBest([estimate(30, NaN), estimate(25, NaN)], true, 2)).toEqual({ kind: 'no-spread', row: 0, rival: 1 });
    expect(findBest([estimate(30, 0.1), estimate(25, NaN)], true, 2).kind).toBe('no-spread');
  });

  it('needs two finite values; missing, NaN and infinite ones never take part', () => {
    expect(findBest([undefined, estimate(NaN, 1), estimate(Infinity, 0), estimate(12, 0.1), estimate(10, 0.1)], true, 2)).toEqual({ kind: 'win', row: 3 });
    expect(findBest([estimate(12, 0.1)], true, 2)).toEqual({ kind: 'alone' });
    expect(findBest([estimate(NaN, 0), undefined], false, 2)).toEqual({ kind: 'alone' });
  });

  it('explains every column left without bold', () => {
    const close = [estimate(30, 0.2, 'rec'), estimate(30.1, 0.2, 'akyuz07')];
    const unspread = [estimate(1, NaN), estimate(2, NaN)];
    expect(
      bestNotes([
        { column: 'psnr-tm', outcome: findBest(close, true, 2), estimates: close, digits: 2 },
        { column: '2^-3', outcome: findBest(unspread, true, 2), estimates: unspread, digits: 2 },
        { column: '2^-4', outcome: findBest(unspread, true, 2), estimates: unspread, digits: 2 },
        { column: 'ssim', outcome: { kind: 'win', row: 0 }, estimates: unspread, digits: 4 },
      ]),
    ).toEqual([
      'No variant is better than the next by more than its standard error in psnr-tm (akyuz07 30.10 vs rec 30.00, standard error 0.20), so nothing there is in bold.',
      'No spread was recorded in 2^-3, 2^-4 (no standard deviation, no per-image scores), so nothing there is in bold.',
    ]);
  });
});

describe('columnSpread', () => {
  it("uses the metric's std, or the per-image scores where the metric has none", () => {
    const row: VariantResult = {
      ...variant('a', { psnr: { mean: 30, std: 2, n: 4, higherIsBetter: true }, 'rangewise.psnr': { mean: 25, std: NaN, n: 4, higherIsBetter: true } }),
      perImage: [24, 25, 26, NaN].map((value, index) => ({ image: `i${index}`, source: 's', scores: { 'rangewise.psnr': value } })),
    };
    expect(columnSpread(row, 'psnr')).toEqual({ std: 2, n: 4, se: 1 });
    expect(columnSpread(row, 'rangewise.psnr')).toEqual({ std: 1, n: 3, se: 1 / Math.sqrt(3) });
    expect(columnSpread(variant('b', { 'rangewise.psnr': { mean: 25, std: NaN, n: 4, higherIsBetter: true } }), 'rangewise.psnr')!.se).toBeNaN();
    expect(columnSpread(row, 'ssim')).toBeUndefined();
  });
});

describe('number formatting', () => {
  it('writes mean ± std at the metric digits and leaves out a NaN std', () => {
    expect(formatMeanStd(30.123, 1.5, 2)).toBe('30.12 ± 1.50');
    expect(formatMeanStd(0.91234, 0.00456, 4)).toBe('0.9123 ± 0.0046');
    expect(formatMeanStd(0.9, NaN, 4)).toBe('0.9000');
    expect(formatMeanStd(NaN, NaN, 2)).toBe('NaN');
    expect(formatMeanStd(Infinity, 0, 2)).toBe('Inf ± 0.00');
  });

  it('drops the sign of a value that rounds to zero', () => {
    expect(formatValue(-0.00001, 4)).toBe('0.0000');
    expect(formatValue(-0.5, 2)).toBe('-0.50');
  });

  it('labels exposures with their sign', () => {
    expect([2, 0, -2, 0.5].map(formatStops)).toEqual(['+2 EV', '0 EV', '-2 EV', '+0.5 EV']);
  });

  it('keeps file names distinct when names clean to the same text', () => {
    expect(uniqueSlugs(['a b', 'a/b', 'A_B', '', '../x'])).toEqual(['a_b', 'a_b-2', 'A_B-3', 'item', 'x']);
  });
});

describe('resultsTable', () => {
  it('puts the baselines first, marked, and bolds only the clear wins, a baseline included', () => {
    const table = resultsTable(sampleInput());
    expect(table.header).toEqual(['variant', 'psnr ↑', 'mse ↓', 'rangewise.psnr ↑', 'n']);
    expect(table.rows.map((row) => row.map((cell) => cell.text))).toEqual([
      ['identity (baseline)', '26.50 ± 1.87', '0.0060 ± 0.0003', '26.00 ± 0.71', '6 crops / 2 images'],
      ['akyuz07 (baseline)', '30.00 ± 1.05', '0.0031 ± 0.0003', '31.00 ± 0.71', '6 crops / 2 images'],
      ['rec', '30.08 ± 0.74', '0.0030 ± 0.0003', '29.00 ± 0.71', '6 crops / 2 images'],
      ['rec_gan', '32.17 ± 0.82', '0.0032 ± 0.0003', '30.00 ± 0.71', '6 crops / 2 images'],
      ['rec_gan_vgg (failed)', '—', '—', '—', '—'],
    ]);
    const bold = table.rows.flatMap((row, index) => row.flatMap((cell, column) => (cell.best ? [`${index}:${table.header[column]}`] : [])));
    // psnr: rec_gan leads by 2.08 dB, SE 0.43; mse: rec leads akyuz07 by 0.0001, SE 0.00014; range-wise: akyuz07 by 1 dB, SE 0.29.
    expect(bold).toEqual(['1:rangewise.psnr ↑', '3:psnr ↑']);
    expect(table.rowKinds).toEqual([
      { baseline: true, failed: false },
      { baseline: true, failed: false },
      { baseline: false, failed: false },
      { baseline: false, failed: false },
      { baseline: false, failed: true },
    ]);
    expect(table.notes).toEqual([
      'No variant is better than the next by more than its standard error in mse (rec 0.0030 vs akyuz07 0.0031, standard error 0.0001), so nothing there is in bold.',
    ]);
  });

  it('keeps a failed variant as a row and never marks it, even with metrics recorded before it failed', () => {
    const table = resultsTable(
      input([
        variant('a', { loss: { mean: 2, std: 0.1, n: 3, higherIsBetter: false } }),
        variant('b', { loss: { mean: 1, std: 0.1, n: 3, higherIsBetter: false } }, 'failed'),
        variant('c', { loss: { mean: 3, std: 0.1, n: 3, higherIsBetter: false } }),
      ]),
    );
    expect(table.rows).toHaveLength(3);
    expect(table.rows[0]![1]).toEqual({ text: '2.0000 ± 0.1000', best: true });
    expect(table.rows[1]![0]!.text).toBe('b (failed)');
    expect(table.rows[1]![1]!.best).toBeUndefined();
  });

  it('bolds nothing in a column only one row was scored on', () => {
    const table = resultsTable(input([variant('a', { loss: { mean: 2, std: 0.1, n: 3, higherIsBetter: false } })]));
    expect(table.rows[0]![1]).toEqual({ text: '2.0000 ± 0.1000', best: false });
    expect(table.notes).toEqual([]);
  });

  it('says how many crops and source images each mean was taken over', () => {
    const counts = (metrics: VariantResult['metrics']) => resultsTable(input([variant('a', metrics)])).rows[0]!.at(-1)!.text;
    expect(counts({ psnr: { mean: 30, std: 1, n: 24, sources: 2, higherIsBetter: true } })).toBe('24 crops / 2 images');
    expect(counts({ psnr: { mean: 30, std: 1, n: 1, sources: 1, higherIsBetter: true } })).toBe('1 crop / 1 image');
    expect(counts({ psnr: { mean: 30, std: 1, n: 9, higherIsBetter: true }, ssim: { mean: 0.9, std: 0.01, n: 10, higherIsBetter: true } })).toBe('9/10');
    expect(
      counts({ psnr: { mean: 30, std: 1, n: 23, sources: 2, higherIsBetter: true }, ssim: { mean: 0.9, std: 0.01, n: 24, sources: 2, higherIsBetter: true } }),
    ).toBe('23 crops / 2 images, 24 crops / 2 images');
  });

  it('explains n as crops and sources where the sources are known', () => {
    expect(resultsNote(sampleInput())).toContain('crops of one image are not independent');
    expect(resultsNote(input([variant('a', { psnr: { mean: 30, std: 1, n: 9, higherIsBetter: true } })]))).toMatch(/^mean ± sample standard deviation over n test images;/);
  });
});

describe('rangewiseTables', () => {
  it('puts the baselines first and bolds only the Mean, whose spread the per-image scores give', () => {
    const tables = rangewiseTables(sampleInput())!;
    expect(tables.psnr.header).toEqual(['variant', '2^-3', '2^-4', '2^-5', '2^-6', '2^-7', '2^-8', 'Mean']);
    expect(tables.psnr.rows.map((row) => row[0]!.text)).toEqual(['identity (baseline)', 'akyuz07 (baseline)', 'rec', 'rec_gan']);
    expect(tables.psnr.rows.map((row) => row.slice(1).map((cell) => Boolean(cell.best)))).toEqual([
      [false, false, false, false, false, false, false],
      [false, false, false, false, false, false, true],
      [false, false, false, false, false, false, false],
      [false, false, false, false, false, false, false],
    ]);
    expect(tables.psnr.rows[2]![1]!.text).toBe('34.00');
    expect(tables.ssim.rows[2]![1]!.text).toBe('0.9600');
    expect(tables.psnr.notes).toEqual(['No spread was recorded in 2^-3, 2^-4, 2^-5, 2^-6, 2^-7, 2^-8 (no standard deviation, no per-image scores), so nothing there is in bold.']);
    expect(tables.ssim.notes![0]).toContain('2^-8, Mean (no standard deviation');
    expect(tables.ssim.rows.some((row) => row.some((cell) => cell.best))).toBe(false);
  });

  it('says identical where every image matched the reference at a level (its PSNR mean is NaN, or null from JSON)', () => {
    const base = sampleInput();
    const rec = base.variants.find((entry) => entry.name === 'rec')!;
    const levels = rec.rangewise!.levels.map((level) => (level.level === 6 ? { ...level, meanPsnr: null as unknown as number, excluded: level.images } : level));
    const tables = rangewiseTables({ ...base, variants: base.variants.map((entry) => (entry === rec ? { ...rec, rangewise: { ...rec.rangewise!, levels } } : entry)) })!;
    const row = tables.psnr.rows.find((cells) => cells[0]!.text === 'rec')!;
    expect(row[tables.psnr.header.indexOf('2^-6')]!.text).toBe('identical');
    expect(row[tables.psnr.header.indexOf('2^-5')]!.text).not.toBe('identical');
  });

  it('is absent when no variant has range-wise results', () => {
    expect(rangewiseTables(input([variant('a', {})]))).toBeUndefined();
  });
});

describe('experimentTableMarkdown', () => {
  it('bolds the clear wins, explains the rest, judges each variant and lists failed variants with their errors', () => {
    const text = experimentTableMarkdown(sampleInput());
    expect(text).toContain('| identity (baseline) | 26.50 ± 1.87 | 0.0060 ± 0.0003 | 26.00 ± 0.71 | 6 crops / 2 images |');
    expect(text).toContain('| akyuz07 (baseline) | 30.00 ± 1.05 | 0.0031 ± 0.0003 | **31.00 ± 0.71** | 6 crops / 2 images |');
    expect(text).toContain('| rec_gan | **32.17 ± 0.82** | 0.0032 ± 0.0003 | 30.00 ± 0.71 | 6 crops / 2 images |');
    expect(text).toContain('| rec_gan_vgg (failed) | — | — | — | — |');
    expect(text).toContain('\n\nNo variant is better than the next by more than its standard error in mse (rec 0.0030 vs akyuz07 0.0031');
    expect(text).toContain('- rec_gan: beats the best baseline on 1 of 3 columns — better than akyuz07 on psnr by +2.17 dB (6 of 6 images), ');
    expect(text).toContain('- **rec_gan_vgg**: training diverged at step 40: loss NaN');
    expect(text.indexOf('| identity (baseline)')).toBeLessThan(text.indexOf('| rec |'));
  });

  it('says when a metric was scored with different settings across variants', () => {
    const warnings = signatureWarnings(
      input([
        variant('a', { psnr: { mean: 30, std: 1, n: 2, higherIsBetter: true, signature: 'peak=1' } }),
        variant('b', { psnr: { mean: 31, std: 1, n: 2, higherIsBetter: true, signature: 'peak=255' } }),
      ]),
    );
    expect(warnings).toEqual(['psnr was computed with different settings: a: peak=1; b: peak=255']);
  });
});
