import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { ILLUMINATION_KERNEL_SIZE, illuminationKernel, illuminationReflectanceLoss, saturationMask } from '../../src/losses/illumination-reflectance.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

const options = { lambda: 0.5, tau: 0.95 };
const size = ILLUMINATION_KERNEL_SIZE;
const pixels = size * size;
const centre = (size * size - 1) / 2;

/** An input whose only non-zero pixel is the centre, at `value` in every channel. */
function centreInput(value: number): tf.Tensor4D {
  const data = new Float32Array(pixels * 3);
  data.fill(value, centre * 3, centre * 3 + 3);
  return tf.tensor4d(data, [1, size, size, 3]);
}

describe('illumination/reflectance loss', () => {
  it("builds HDR-CNN's 13x13 kernel: sqrt of the outer product of a 13-bin unit normal on [-2.19, 2.19], summing to 1", () => {
    const kernel = illuminationKernel();
    expect(kernel).toHaveLength(169);
    expect(kernel.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6);
    // Reference values from numpy/scipy's construction (math.erf for the normal CDF).
    expect(kernel[centre]).toBeCloseTo(0.011631813, 7);
    expect(kernel[0]).toBeCloseTo(0.001530187, 7);
    expect(kernel[6 * size]).toBeCloseTo(0.004218868, 7);
    expect(kernel[6 * size + 12]).toBeCloseTo(kernel[6 * size]!, 7);
  });

  it('masks from the input: 0 up to tau = 0.95, then a ramp to 1 at a clipped channel', () => {
    const x = tf.tensor4d([0.9, 0.95, 0.2, 0.975, 0, 0, 0.5, 1, 0.3], [1, 1, 3, 3]);
    expect(Array.from(saturationMask(x, 0.95).dataSync())).toEqual([0, expect.closeTo(0.5, 5), expect.closeTo(1, 5)]);
  });

  it('a uniform log shift under the mask is pure illumination error: lambda d^2 / N', () => {
    const logTarget = tf.zeros([1, size, size, 3]) as tf.Tensor4D;
    const logPrediction = tf.fill([1, size, size, 3], 0.3) as tf.Tensor4D;
    const loss = illuminationReflectanceLoss(logPrediction, logTarget, centreInput(1), options).dataSync()[0]!;
    expect(loss).toBeCloseTo((0.5 * 0.09) / pixels, 8);
  });

  it('a change of one channel at one pixel splits into illumination and reflectance error by hand', () => {
    const logTarget = tf.zeros([1, size, size, 3]) as tf.Tensor4D;
    const change = new Float32Array(pixels * 3);
    change[centre * 3] = Math.log(2);
    const logPrediction = tf.tensor4d(change, [1, size, size, 3]);
    // Luminance at the centre goes from 1 to 0.213 * 2 + 0.715 + 0.072; the filter passes its log change times the centre tap.
    const dI = illuminationKernel()[centre]! * Math.log(1.213);
    const dR = [Math.log(2) - dI, -dI, -dI];
    const expected = (0.5 * dI ** 2) / pixels + (0.5 / (3 * pixels)) * dR.reduce((sum, d) => sum + d * d, 0);
    expect(illuminationReflectanceLoss(logPrediction, logTarget, centreInput(1), options).dataSync()[0]).toBeCloseTo(expected, 9);
    // The mask multiplies the differences before squaring: half the mask, a quarter of the loss.
    expect(illuminationReflectanceLoss(logPrediction, logTarget, centreInput(0.975), options).dataSync()[0]).toBeCloseTo(expected / 4, 9);
    // Below tau nothing is supervised.
    expect(illuminationReflectanceLoss(logPrediction, logTarget, centreInput(0.9), options).dataSync()[0]).toBe(0);
  });

  it('stays finite for extreme log values', () => {
    const logPrediction = tf.tensor4d([200, -200, 0], [1, 1, 1, 3]);
    const value = illuminationReflectanceLoss(logPrediction, tf.zeros([1, 1, 1, 3]) as tf.Tensor4D, tf.ones([1, 1, 1, 3]) as tf.Tensor4D, options).dataSync()[0]!;
    expect(Number.isFinite(value)).toBe(true);
  });
});
