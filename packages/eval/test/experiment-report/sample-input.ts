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
        metrics: {
          psnr: { mean: 30.123, std: 1.5, n: 10, higherIsBetter: true, signature: 'psnr@1 peak=1' },
          mse: { mean: 0.002, std: 0.0005, n: 10, higherIsBetter: false },
        },
        rangewise: rangewise(0),
        losses: { reconstruction: curve(1, 0.2, 30), total: curve(2, 0.1, 30) },
      },
      {
        name: 'rec_gan',
        description: 'reconstruction + adversarial',
        status: 'completed',
        metrics: {
          psnr: { mean: 31.5, std: 1.2, n: 10, higherIsBetter: true, signature: 'psnr@1 peak=1' },
          mse: { mean: 0.0025, std: 0.0004, n: 10, higherIsBetter: false },
        },
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
    ],
    figures: [
      { name: 'scene 01', input: clippedInput(truth), groundTruth: truth, predictions: { rec: scene(0.9), rec_gan: scene(1.05) } },
      { name: 'scene 02', input: clippedInput(scene(2)), groundTruth: scene(2), predictions: { rec_gan: scene(2.1) } },
    ],
  };
}
