import { createHdrImage } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { gaussianTaps } from '../../src/metrics/gaussian-window.js';
import { planes } from '../../src/metrics/planes.js';
import { kernelSsimSums } from '../../src/metrics/ssim-kernel/kernel-sums.js';
import { runViews } from '../../src/metrics/ssim-kernel/ssim-kernel.js';

describe('the SSIM kernel on helper threads', () => {
  it('gives exactly the sums this thread computes alone, for a job large enough to be shared out', () => {
    const width = 1000;
    const height = 700;
    let seed = 3;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const reference = createHdrImage(width, height, 3, Float32Array.from({ length: width * height * 3 }, () => random() * 2));
    const test = createHdrImage(width, height, 3, Float32Array.from(reference.data, (v) => v * (0.9 + 0.2 * random())));
    const [xs, ys] = [planes(reference, 'per-channel'), planes(test, 'per-channel')];
    const pairs = [5, 6, 7, 8].flatMap((k) => xs.map((x, c) => ({ x, y: ys[c]!, quantise: { scale: 2 ** k, roundOffset: 0.5 } })));
    const taps = gaussianTaps(11, 1.5);
    const shared = kernelSsimSums(pairs, taps, (0.01 * 255) ** 2, (0.03 * 255) ** 2);
    const alone = new Float64Array(pairs.length * 3);
    const views = pairs.map(({ x, quantise }, slot) => ({ slot, width, height, stride: x.stride, offset: x.offset, quantise: true, ...quantise }));
    runViews(reference.data, test.data, views, taps, (0.01 * 255) ** 2, (0.03 * 255) ** 2, alone);
    expect(shared.flatMap((sums) => [sums.ssim, sums.cs, sums.squaredErrors])).toEqual(Array.from(alone));
  });
});
