import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { underExposureWeights, weightedLogL2 } from '../../src/losses/weighted-log-l2.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

const paper = { tau: 0.05, gamma: 5 };

/** Three pixels whose darkest channel is 0, tau / 2 and above tau. */
let input: tf.Tensor4D;
beforeAll(() => {
  input = tf.tensor4d([0, 0.5, 0.9, 0.025, 0.5, 0.5, 0.2, 0.3, 0.4], [1, 1, 3, 3]);
});

describe('weighted log-L2 reconstruction loss', () => {
  it('weights rise linearly from 1 at min_c x = tau to 1 + gamma = 6 at min_c x = 0', () => {
    expect(Array.from(underExposureWeights(input, paper).dataSync())).toEqual([6, 3.5, 1].map((w) => expect.closeTo(w, 6)));
    expect(underExposureWeights(input, paper).shape).toEqual([1, 1, 3, 1]);
    expect(Array.from(underExposureWeights(input, { tau: 0.05, gamma: 0 }).dataSync())).toEqual([1, 1, 1]);
  });

  it('is the mean over pixels of w_i times the squared log difference summed over channels', () => {
    const logTarget = tf.tensor4d([0.1, -2, 3, 0, 0, 0, 1, 1, 1], [1, 1, 3, 3]);
    // Differences per pixel: [1, 0, 0] -> 1, [0.5, 0.5, 0] -> 0.5, [2, 0, 0] -> 4; weighted 6, 1.75, 4.
    const logPrediction = tf.add(logTarget, tf.tensor4d([1, 0, 0, 0.5, -0.5, 0, -2, 0, 0], [1, 1, 3, 3])) as tf.Tensor4D;
    expect(weightedLogL2(logPrediction, logTarget, input, paper).dataSync()[0]).toBeCloseTo((6 + 1.75 + 4) / 3, 5);
  });

  it('averages per-image losses over the batch', () => {
    const x = tf.concat([input, tf.fill([1, 1, 3, 3], 0.5)]) as tf.Tensor4D;
    const target = tf.zeros([2, 1, 3, 3]) as tf.Tensor4D;
    const prediction = tf.concat([tf.tensor4d([1, 0, 0, 0.5, -0.5, 0, -2, 0, 0], [1, 1, 3, 3]), tf.fill([1, 1, 3, 3], 1)]) as tf.Tensor4D;
    // Image 1: 3.9167 as above; image 2: weight 1, 3 per pixel.
    expect(weightedLogL2(prediction, target, x, paper).dataSync()[0]).toBeCloseTo(((6 + 1.75 + 4) / 3 + 3) / 2, 5);
  });

  it('has gradient 2 w_i d / N with respect to the predicted log', () => {
    const logTarget = tf.zeros([1, 1, 3, 3]) as tf.Tensor4D;
    const logPrediction = tf.fill([1, 1, 3, 3], 0.5) as tf.Tensor4D;
    const gradient = tf.grad((p: tf.Tensor) => weightedLogL2(p as tf.Tensor4D, logTarget, input, paper))(logPrediction);
    expect(Array.from(gradient.dataSync())).toEqual([6, 6, 6, 3.5, 3.5, 3.5, 1, 1, 1].map((w) => expect.closeTo((2 * w * 0.5) / 3, 5)));
  });
});
