import { describe, expect, it } from 'vitest';
import { figureFor, perImageReport, WORST_COUNT } from '../../src/experiment-report/per-image.js';
import type { ExperimentReportInput, VariantResult } from '../../src/index.js';
import { sampleInput, scored } from './sample-input.js';

describe('perImageReport', () => {
  it('tabulates the first metric and the range-wise PSNR, a row per image, baselines first', () => {
    const report = perImageReport(sampleInput())!;
    expect(report.tables.map((table) => table.column.name)).toEqual(['psnr', 'rangewise.psnr']);
    const [psnr] = report.tables;
    expect(psnr!.variants.map((variant) => variant.name)).toEqual(['identity', 'akyuz07', 'rec', 'rec_gan']);
    expect(psnr!.rows.map((row) => [row.image, row.source, row.figure])).toEqual([
      ['scene 01', 'StillLife.exr', 'scene 01'],
      ['scene 02', 'StillLife.exr', 'scene 02'],
      ['scene 03', 'StillLife.exr', undefined],
      ['scene 04', 'Tunnel.exr', undefined],
      ['scene 05', 'Tunnel.exr', undefined],
      ['scene 06', 'Tunnel.exr', undefined],
    ]);
    expect(psnr!.rows[0]!.values).toEqual([24, 28.5, 29, 31]);
  });

  it("lists each variant's worst images, worst first, with their figures", () => {
    const report = perImageReport(sampleInput())!;
    expect(report.worst.map((worst) => worst.variant)).toEqual(['rec', 'rec_gan']);
    expect(report.worst[0]!.images).toHaveLength(WORST_COUNT);
    expect(report.worst[0]!.images.map((entry) => [entry.image, entry.value, entry.figure])).toEqual([
      ['scene 01', 29, 'scene 01'],
      ['scene 02', 29.5, 'scene 02'],
      ['scene 03', 30, undefined],
      ['scene 04', 30.5, undefined],
      ['scene 06', 30.5, undefined],
    ]);
  });

  it('ranks lower-is-better metrics the other way and a NaN score as the worst of all', () => {
    const values = { mse: [0.001, 0.004, NaN, 0.002, 0.003, 0.0005] };
    const rec: VariantResult = { name: 'rec', status: 'completed', ...scored(values) };
    const input: ExperimentReportInput = { title: 't', kind: 'sweep', configHash: 'h', createdAt: 'now', variants: [rec] };
    expect(perImageReport(input)!.worst[0]!.images.map((entry) => entry.image)).toEqual(['scene 03', 'scene 02', 'scene 05', 'scene 04', 'scene 01']);
  });

  it('is absent when no completed row has per-image scores', () => {
    const { perImage: _perImage, ...rec } = sampleInput().variants[0]!;
    expect(perImageReport({ ...sampleInput(), variants: [rec] })).toBeUndefined();
  });
});

describe('figureFor', () => {
  it('matches a figure by the image name, with or without its file extension', () => {
    const figures = new Set(['StillLife_03', 'a.b']);
    expect(figureFor('StillLife_03.exr', figures)).toBe('StillLife_03');
    expect(figureFor('StillLife_03', figures)).toBe('StillLife_03');
    expect(figureFor('a.b', figures)).toBe('a.b');
    expect(figureFor('Tunnel_01.exr', figures)).toBeUndefined();
  });
});
