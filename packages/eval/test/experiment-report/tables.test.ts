import { describe, expect, it } from 'vitest';
import { experimentTableMarkdown } from '../../src/index.js';
import { markBest } from '../../src/experiment-report/best.js';
import { formatMeanStd, formatStops, formatValue, uniqueSlugs } from '../../src/experiment-report/format.js';
import { rangewiseTables, resultsTable, signatureWarnings } from '../../src/experiment-report/tables.js';
import type { ExperimentReportInput, VariantResult } from '../../src/index.js';
import { sampleInput } from './sample-input.js';

function variant(name: string, metrics: VariantResult['metrics'], status: VariantResult['status'] = 'completed'): VariantResult {
  return { name, status, metrics };
}

function input(variants: VariantResult[]): ExperimentReportInput {
  return { title: 't', kind: 'sweep', configHash: 'h', createdAt: '2026-01-01T00:00:00Z', variants };
}

describe('markBest', () => {
  it('picks the maximum when higher is better and the minimum when lower is better', () => {
    expect(markBest([30.1, 31.2, 29], true, 2)).toEqual([false, true, false]);
    expect(markBest([0.3, 0.1, 0.2], false, 4)).toEqual([false, true, false]);
  });

  it('marks every variant tied at the displayed precision', () => {
    expect(markBest([31.234, 31.2349, 30], true, 2)).toEqual([true, true, false]);
    expect(markBest([31.234, 31.236, 30], true, 2)).toEqual([false, true, false]);
    expect(markBest([0.5, 0.5, 0.5], false, 4)).toEqual([true, true, true]);
  });

  it('never lets a missing, NaN or infinite value win', () => {
    expect(markBest([undefined, NaN, Infinity, 12], true, 2)).toEqual([false, false, false, true]);
    expect(markBest([NaN, undefined], false, 2)).toEqual([false, false]);
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
  it('shows mean ± std, the direction and the best of each column, lower-is-better included', () => {
    const table = resultsTable(sampleInput());
    expect(table.header).toEqual(['variant', 'psnr ↑', 'mse ↓', 'n']);
    expect(table.rows.map((row) => row.map((cell) => cell.text))).toEqual([
      ['rec', '30.12 ± 1.50', '0.0020 ± 0.0005', '10'],
      ['rec_gan', '31.50 ± 1.20', '0.0025 ± 0.0004', '10'],
      ['rec_gan_vgg (failed)', '—', '—', '—'],
    ]);
    expect(table.rows.map((row) => row.map((cell) => Boolean(cell.best)))).toEqual([
      [false, false, true, false],
      [false, true, false, false],
      [false, false, false, false],
    ]);
  });

  it('keeps a failed variant as a row and never marks it, even with metrics recorded before it failed', () => {
    const table = resultsTable(
      input([
        variant('a', { loss: { mean: 2, std: 0.1, n: 3, higherIsBetter: false } }),
        variant('b', { loss: { mean: 1, std: 0.1, n: 3, higherIsBetter: false } }, 'failed'),
      ]),
    );
    expect(table.rows).toHaveLength(2);
    expect(table.rows[0]![1]).toEqual({ text: '2.0000 ± 0.1000', best: true });
    expect(table.rows[1]![0]!.text).toBe('b (failed)');
  });

  it('shows the distinct sample counts of a variant whose metrics averaged different numbers of images', () => {
    const table = resultsTable(
      input([variant('a', { psnr: { mean: 30, std: 1, n: 9, higherIsBetter: true }, ssim: { mean: 0.9, std: 0.01, n: 10, higherIsBetter: true } })]),
    );
    expect(table.rows[0]![3]!.text).toBe('9/10');
  });
});

describe('rangewiseTables', () => {
  it('puts a row per completed variant and marks the best level by level', () => {
    const tables = rangewiseTables(sampleInput())!;
    expect(tables.psnr.header).toEqual(['variant', '2^-3', '2^-4', '2^-5', '2^-6', '2^-7', '2^-8', 'Mean']);
    expect(tables.psnr.rows.map((row) => row[0]!.text)).toEqual(['rec', 'rec_gan']);
    expect(tables.psnr.rows[1]!.slice(1).every((cell) => cell.best)).toBe(true);
    expect(tables.psnr.rows[0]!.slice(1).some((cell) => cell.best)).toBe(false);
    expect(tables.psnr.rows[0]![1]!.text).toBe('34.00');
    expect(tables.ssim.rows[0]![1]!.text).toBe('0.9600');
  });

  it('is absent when no variant has range-wise results', () => {
    expect(rangewiseTables(input([variant('a', {})]))).toBeUndefined();
  });
});

describe('experimentTableMarkdown', () => {
  it('bolds the best cells and lists failed variants with their errors', () => {
    const text = experimentTableMarkdown(sampleInput());
    expect(text).toContain('| rec_gan | **31.50 ± 1.20** | 0.0025 ± 0.0004 | 10 |');
    expect(text).toContain('| rec | 30.12 ± 1.50 | **0.0020 ± 0.0005** | 10 |');
    expect(text).toContain('| rec_gan_vgg (failed) | — | — | — |');
    expect(text).toContain('- **rec_gan_vgg**: training diverged at step 40: loss NaN');
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
