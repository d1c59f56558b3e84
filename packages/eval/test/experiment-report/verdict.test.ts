import { describe, expect, it } from 'vitest';
import { verdictLine, verdictSummary } from '../../src/experiment-report/verdict-text.js';
import { verdicts } from '../../src/experiment-report/verdict.js';
import type { ExperimentReportInput, VariantResult } from '../../src/index.js';
import { sampleInput, scored } from './sample-input.js';

function row(name: string, values: Record<string, number[]>, role?: 'baseline'): VariantResult {
  return { name, status: 'completed', ...(role ? { role } : {}), ...scored(values) };
}

function input(variants: VariantResult[]): ExperimentReportInput {
  return { title: 't', kind: 'ablation', configHash: 'h', createdAt: '2026-01-01T00:00:00Z', variants };
}

const lines = (report: ExperimentReportInput) => verdicts(report)!.map(verdictLine);

describe('verdicts', () => {
  it('judges each variant against the best baseline of each column, by mean and image by image', () => {
    expect(lines(sampleInput())).toEqual([
      'rec: beats the best baseline on 2 of 3 columns — better than akyuz07 on psnr by +0.08 dB (2 of 6 images; within the standard error), ' +
        'better than akyuz07 on mse by +0.0001 (6 of 6 images; within the standard error), worse than akyuz07 on rangewise.psnr by -2.00 dB (0 of 6 images).',
      'rec_gan: beats the best baseline on 1 of 3 columns — better than akyuz07 on psnr by +2.17 dB (6 of 6 images), ' +
        'worse than akyuz07 on mse by -0.0001 (0 of 6 images; within the standard error), worse than akyuz07 on rangewise.psnr by -1.00 dB (0 of 6 images).',
      'rec_gan_vgg: failed, so it was not compared with the baselines.',
    ]);
    expect(verdictSummary(verdicts(sampleInput())!)).toEqual([
      '0 of 3 variants beat the best baseline on every column (1 failed).',
      'No variant beats the best baseline on rangewise.psnr.',
    ]);
  });

  it('says bluntly when a trained model beats no baseline anywhere', () => {
    const report = input([
      row('identity', { 'psnr-tm': [30, 31, 32, 33, 34, 35], 'ssim-tm': [0.9, 0.9, 0.9, 0.9, 0.9, 0.9] }, 'baseline'),
      row('rec', { 'psnr-tm': [29, 30, 32.5, 32, 33, 34], 'ssim-tm': [0.8, 0.85, 0.9, 0.9, 0.9, 0.85] }),
    ]);
    expect(lines(report)).toEqual([
      'rec: does not beat the best baseline on any column — worse than identity on psnr-tm by -0.75 dB (1 of 6 images; within the standard error), ' +
        'worse than identity on ssim-tm by -0.0333 (0 of 6 images).',
    ]);
    expect(verdictSummary(verdicts(report)!)).toEqual(['0 of 1 variant beat the best baseline on every column.', 'No variant beats the best baseline on psnr-tm, ssim-tm.']);
  });

  it('picks the best baseline column by column and counts wins by image name', () => {
    const identity = row('identity', { 'psnr-tm': [20, 20, 20, 20, 20, 20], mse: [0.001, 0.001, 0.001, 0.001, 0.001, 0.001] }, 'baseline');
    const akyuz = row('akyuz07', { 'psnr-tm': [25, 25, 25, 25, 25, 25], mse: [0.01, 0.01, 0.01, 0.01, 0.01, 0.01] }, 'baseline');
    const rec = row('rec', { 'psnr-tm': [26, 26, 24, 26, 26, 26], mse: [0.0005, 0.0005, 0.0005, 0.0005, 0.0005, 0.002] });
    const shuffled: VariantResult = { ...rec, perImage: [...rec.perImage!].reverse() };
    for (const variant of [rec, shuffled]) {
      expect(lines(input([identity, akyuz, variant]))).toEqual([
        'rec: beats the best baseline on every column — better than akyuz07 on psnr-tm by +0.67 dB (5 of 6 images), better than identity on mse by +0.0002 (5 of 6 images; within the standard error).',
      ]);
    }
    expect(verdictSummary(verdicts(input([identity, akyuz, rec]))!)).toEqual(['1 of 1 variant beat the best baseline on every column.']);
  });

  it('leaves out the image counts without per-image scores, and has nothing to say without a baseline', () => {
    const { perImage: _baseline, ...identity } = row('identity', { 'psnr-tm': [20, 21, 22, 20, 21, 22] }, 'baseline');
    const rec = row('rec', { 'psnr-tm': [26, 27, 28, 26, 27, 28] });
    expect(lines(input([identity, rec]))).toEqual(['rec: beats the best baseline on every column — better than identity on psnr-tm by +6.00 dB.']);
    expect(verdicts(input([rec]))).toBeUndefined();
  });

  it('names a column a baseline was scored on but the variant was not', () => {
    const identity = row('identity', { 'psnr-tm': [20, 21, 22, 20, 21, 22], 'ssim-tm': [0.9, 0.9, 0.9, 0.9, 0.9, 0.9] }, 'baseline');
    const rec = row('rec', { 'psnr-tm': [26, 27, 28, 26, 27, 28] });
    expect(lines(input([identity, rec]))).toEqual(['rec: beats the best baseline on 1 of 1 columns — better than identity on psnr-tm by +6.00 dB (6 of 6 images), not scored on ssim-tm.']);
    expect(verdictSummary(verdicts(input([identity, rec]))!)[0]).toBe('0 of 1 variant beat the best baseline on every column.');
  });
});
