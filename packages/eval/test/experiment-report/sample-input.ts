import { createHdrImage, type HdrImage } from '@hdr-lab/core';
import type { ExperimentReportInput, VariantResult } from '../../src/index.js';

/** A 16x12 RGB gradient scene with a bright patch, so every exposure shows something different. */
export function scene(gain: number): HdrImage {
  const width = 16;
  const height = 12;
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const base = Math.pow(2, (x / (width - 1)) * 8 - 4) * gain;
      const bright = x > 10 && y < 4 ? 20 : 1;
      const i = (y * width + x) * 3;
      data[i] = base * bright;
      data[i + 1] = base * bright * 0.8;
      data[i + 2] = base * (0.5 + y / height);
    }
  }
  return createHdrImage(width, height, 3, data);
}

function clippedInput(truth: HdrImage): HdrImage {
  return createHdrImage(truth.width, truth.height, truth.channels, truth.data.map((value) => Math.min(1, value * 0.25)));
}

function rangewise(offset: number): NonNullable<VariantResult['rangewise']> {
  const levels = [3, 4, 5, 6, 7, 8].map((level) => ({ level, meanPsnr: 40 - level * 2 + offset, meanSsim: 0.99 - level * 0.01 + offset / 100, excluded: 0, images: 10 }));
  return {
    levels,
    meanPsnr: levels.reduce((sum, level) => sum + level.meanPsnr, 0) / levels.length,
    meanSsim: levels.reduce((sum, level) => sum + level.meanSsim, 0) / levels.length,
  };
}

function curve(start: number, decay: number, steps: number): { step: number; value: number }[] {
  return Array.from({ length: steps }, (_, step) => ({ step: step * 10, value: start * Math.exp(-decay * step) }));
}

/** Six test crops cut from two source images. */
export const CROPS: readonly (readonly [image: string, source: string])[] = [
  ['scene 01', 'StillLife.exr'],
  ['scene 02', 'StillLife.exr'],
  ['scene 03', 'StillLife.exr'],
  ['scene 04', 'Tunnel.exr'],
  ['scene 05', 'Tunnel.exr'],
  ['scene 06', 'Tunnel.exr'],
];

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const std = (values: readonly number[]) => Math.sqrt(values.reduce((sum, value) => sum + (value - mean(values)) ** 2, 0) / (values.length - 1));

/**
 * A row's metrics and per-image scores from per-crop values, one per entry of CROPS. The range-wise means
 * are recorded without a std, as the runner records them.
 */
export function scored(values: Readonly<Record<string, readonly number[]>>): Pick<VariantResult, 'metrics' | 'perImage'> {
  const metrics = Object.fromEntries(
    Object.entries(values).map(([key, list]) => [
      key,
      {
        mean: mean(list),
        std: key.startsWith('rangewise.') ? NaN : std(list),
        n: list.length,
        sources: new Set(CROPS.slice(0, list.length).map(([, source]) => source)).size,
        higherIsBetter: key !== 'mse',
        ...(key === 'psnr' ? { signature: 'psnr@1 peak=1' } : {}),
      },
    ]),
  );
  const perImage = CROPS.map(([image, source], index) => ({ image, source, scores: Object.fromEntries(Object.entries(values).map(([key, list]) => [key, list[index]!])) }));
  return { metrics, perImage };
}

/** Range-wise per-image scores around the summary's mean, so the two agree. */
const rangewiseScores = (offset: number) => [-1, -0.5, 0, 0, 0.5, 1].map((delta) => rangewise(offset).meanPsnr + delta);

/**
 * Two baselines and three variants: rec_gan wins psnr clearly; in mse the top two are within a standard
 * error; the akyuz07 baseline wins the range-wise PSNR; rec_gan_vgg failed.
 */
export function sampleInput(): ExperimentReportInput {
  const truth = scene(1);
  return {
    title: 'Loss ablation <hybrid loss>',
    kind: 'ablation',
    configHash: 'c0ffee12',
    createdAt: '2026-11-24T20:00:00Z',
    settings: { model: 'hybrid-loss-gan', steps: '100', data: 'samples & tiny' },
    variants: [
      {
        name: 'rec',
        description: 'reconstruction loss only',
        status: 'completed',
        ...scored({
          psnr: [29, 29.5, 30, 30.5, 31, 30.5],
          mse: [0.0026, 0.0028, 0.003, 0.003, 0.0032, 0.0034],
          'rangewise.psnr': rangewiseScores(0),
        }),
        rangewise: rangewise(0),
        losses: { reconstruction: curve(1, 0.2, 30), total: curve(2, 0.1, 30) },
      },
      {
        name: 'rec_gan',
        description: 'reconstruction + adversarial',
        status: 'completed',
        ...scored({
          psnr: [31, 31.5, 32, 32.5, 33, 33],
          mse: [0.0028, 0.003, 0.0032, 0.0032, 0.0034, 0.0036],
          'rangewise.psnr': rangewiseScores(1),
        }),
        rangewise: rangewise(1),
        losses: { reconstruction: curve(1.2, 0.25, 30), adversarial: curve(0.7, 0.01, 30), total: curve(2.5, 0.12, 30) },
      },
      {
        name: 'rec_gan_vgg',
        status: 'failed',
        error: 'training diverged at step 40: loss NaN',
        metrics: {},
        losses: { total: [...curve(2.5, 0.1, 4), { step: 40, value: NaN }] },
      },
      {
        name: 'identity',
        role: 'baseline',
        description: 'the input, linearised and unscaled',
        status: 'completed',
        ...scored({
          psnr: [24, 25, 26, 27, 28, 29],
          mse: [0.0055, 0.0058, 0.006, 0.006, 0.0062, 0.0065],
          'rangewise.psnr': rangewiseScores(-3),
        }),
        rangewise: rangewise(-3),
      },
      {
        name: 'akyuz07',
        role: 'baseline',
        status: 'completed',
        ...scored({
          psnr: [28.5, 29, 30, 30.5, 31, 31],
          mse: [0.0027, 0.0029, 0.0031, 0.0031, 0.0033, 0.0035],
          'rangewise.psnr': rangewiseScores(2),
        }),
        rangewise: rangewise(2),
      },
    ],
    figures: [
      { name: 'scene 01', input: clippedInput(truth), groundTruth: truth, predictions: { identity: clippedInput(truth), akyuz07: scene(0.95), rec: scene(0.9), rec_gan: scene(1.05) } },
      { name: 'scene 02', input: clippedInput(scene(2)), groundTruth: scene(2), predictions: { identity: clippedInput(scene(2)), akyuz07: scene(1.9), rec_gan: scene(2.1) } },
    ],
  };
}

/** Five variants and two baselines, all with predictions: a figure grid wider than a page at full size. */
export function manyVariantsInput(): ExperimentReportInput {
  const base = sampleInput();
  const names = ['v1', 'v2', 'v3', 'v4', 'v5'];
  const variants: VariantResult[] = [
    ...base.variants.filter((variant) => variant.role === 'baseline'),
    ...names.map((name, index): VariantResult => ({ name, status: 'completed', ...scored({ psnr: CROPS.map((_, crop) => 28 + index + crop / 10) }) })),
  ];
  const truth = scene(1);
  const predictions = Object.fromEntries(variants.map((variant, index) => [variant.name, scene(0.8 + index / 20)]));
  return { ...base, variants, figures: [{ name: 'scene 01', input: clippedInput(truth), groundTruth: truth, predictions }] };
}
