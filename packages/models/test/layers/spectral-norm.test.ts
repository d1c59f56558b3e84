import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { SpectralConv2D, spectralNormStep } from '../../src/layers/spectral-norm.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

/** A fixed 4 x 3 matrix (K x C_out) with well separated singular values. */
const MATRIX = [
  [2, 0.5, -1],
  [0.3, 1.5, 0.2],
  [-0.7, 0.1, 0.9],
  [1.2, -0.4, 0.6],
];

/** Its largest singular value in float64: power iteration on W^T W, far past convergence. */
function largestSingularValue(matrix: number[][]): number {
  const columns = matrix[0]!.length;
  let u = Array.from({ length: columns }, (_, i) => 1 + i);
  let sigma = 0;
  for (let iteration = 0; iteration < 1000; iteration++) {
    const wu = matrix.map((row) => row.reduce((sum, value, j) => sum + value * u[j]!, 0));
    const next = Array.from({ length: columns }, (_, j) => matrix.reduce((sum, row, i) => sum + row[j]! * wu[i]!, 0));
    const norm = Math.hypot(...next);
    u = next.map((value) => value / norm);
    sigma = Math.hypot(...matrix.map((row) => row.reduce((sum, value, j) => sum + value * u[j]!, 0)));
  }
  return sigma;
}

const SIGMA = largestSingularValue(MATRIX);

/** A 1x1 spectral conv whose kernel is MATRIX (C_in = 4, C_out = 3), built and loaded. */
function matrixLayer(): SpectralConv2D {
  const layer = new SpectralConv2D({ filters: 3, kernelSize: 1, useBias: false, seed: 7 });
  layer.apply(tf.zeros([1, 1, 1, 4]));
  const kernel = tf.tensor4d(MATRIX.flat(), [1, 1, 4, 3]);
  layer.trainableWeights[0]!.write(kernel);
  kernel.dispose();
  return layer;
}

/** The layer's output on the 4 one-hot pixels: the rows of W / sigma. */
function normalisedRows(layer: SpectralConv2D, training: boolean): number[][] {
  return tf.tidy(() => {
    const y = layer.apply(tf.reshape(tf.eye(4), [4, 1, 1, 4]), { training }) as tf.Tensor;
    const values = Array.from(y.dataSync());
    return [0, 1, 2, 3].map((row) => values.slice(row * 3, row * 3 + 3));
  });
}

function uOf(layer: SpectralConv2D): number[] {
  return Array.from(layer.nonTrainableWeights[0]!.read().dataSync());
}

describe('spectral normalisation', () => {
  it('sigma converges to the largest singular value within a few power iterations', () => {
    const kernel = tf.tensor2d(MATRIX);
    let u = tf.tensor2d([[1, -1, 0.5]]);
    const estimates: number[] = [];
    for (let iteration = 0; iteration < 8; iteration++) {
      const step = spectralNormStep(kernel, u, true);
      estimates.push(step.sigma.dataSync()[0]!);
      u.dispose();
      u = step.u;
      step.kernel.dispose();
      step.sigma.dispose();
    }
    console.log(`spectral norm: sigma estimates ${estimates.map((value) => value.toFixed(5)).join(', ')}; largest singular value ${SIGMA.toFixed(5)}`);
    for (let i = 1; i < estimates.length; i++) expect(estimates[i]!).toBeGreaterThanOrEqual(estimates[i - 1]! - 1e-5);
    expect(estimates.every((estimate) => estimate <= SIGMA + 1e-5)).toBe(true);
    expect(Math.abs(estimates[4]! - SIGMA) / SIGMA).toBeLessThan(1e-3);
    expect(Math.abs(estimates[7]! - SIGMA) / SIGMA).toBeLessThan(1e-5);
    expect(Math.abs(estimates[0]! - SIGMA) / SIGMA).toBeGreaterThan(0.1);
    tf.dispose([kernel, u]);
  });

  it('a training forward advances u by one iteration and stores it; inference uses the stored u unchanged', () => {
    const layer = matrixLayer();
    const initial = uOf(layer);
    normalisedRows(layer, false);
    expect(uOf(layer)).toEqual(initial);
    normalisedRows(layer, true);
    const once = uOf(layer);
    expect(once).not.toEqual(initial);
    expect(Math.hypot(...once)).toBeCloseTo(1, 5);
    for (let i = 0; i < 10; i++) normalisedRows(layer, true);
    // Converged: the layer's output is W / sigma_max, so its largest singular value is 1.
    const rows = normalisedRows(layer, false);
    rows.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(MATRIX[i]![j]! / SIGMA, 5)));
    expect(largestSingularValue(rows)).toBeCloseTo(1, 5);
    layer.dispose();
  });

  it('u is a non-trainable weight: in the layer weights, out of the trainable ones', () => {
    const layer = new SpectralConv2D({ filters: 5, kernelSize: 3, seed: 1, name: 'sn' });
    layer.apply(tf.zeros([1, 6, 6, 2]));
    expect(layer.trainableWeights.map((weight) => weight.originalName)).toEqual(['sn/kernel', 'sn/bias']);
    expect(layer.nonTrainableWeights.map((weight) => [weight.originalName, weight.shape])).toEqual([['sn/u', [1, 5]]]);
    const plain = new SpectralConv2D({ filters: 5, kernelSize: 3, spectralNorm: false, name: 'plain' });
    plain.apply(tf.zeros([1, 6, 6, 2]));
    expect(plain.nonTrainableWeights).toHaveLength(0);
    tf.dispose([layer, plain].flatMap((l) => l.weights.map((w) => w.read())));
  });

  it("the kernel's gradient includes sigma's dependence on it (finite differences, dilated 3x3)", () => {
    const layer = new SpectralConv2D({ filters: 2, kernelSize: 3, dilation: 2, seed: 3 });
    const x = tf.randomNormal([1, 7, 7, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
    const weights = tf.randomNormal([1, 3, 3, 2], 0, 1, 'float32', 6);
    const loss = () => tf.sum(tf.mul(layer.apply(x, { training: false }) as tf.Tensor, weights)) as tf.Scalar;
    loss().dispose();
    const kernel = layer.trainableWeights[0]!.read() as tf.Variable;
    const { grads } = tf.variableGrads(loss, [kernel]);
    const analytic = grads[kernel.name]!.dataSync();
    const values = kernel.dataSync().slice();
    const eps = 1e-2;
    for (const index of [0, 7, 19, 35]) {
      const at = (delta: number) => {
        const moved = values.slice();
        moved[index]! += delta;
        kernel.assign(tf.tensor(moved, kernel.shape));
        return loss().dataSync()[0]!;
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      expect(analytic[index]!).toBeCloseTo(numeric, 2);
    }
  });
});
