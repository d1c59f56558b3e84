import * as tf from '@tensorflow/tfjs';
import { createHdrImage, initEngine } from '@hdr-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { withPaddingToMultiple } from '../../src/inference/pad.js';
import { predictTiled } from '../../src/inference/tiling.js';
import { createToyModel, toySchema } from '../support/toy-model.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

function ramp(width: number, height: number) {
  const data = Float32Array.from({ length: width * height * 3 }, (_, i) => Math.sin(i * 0.37) * 0.5 + 0.5);
  return createHdrImage(width, height, 3, data);
}

describe('withPaddingToMultiple', () => {
  it('pads bottom and right by reflection for the network and crops the result back', () => {
    const x = tf.tensor4d(Float32Array.from({ length: 5 * 7 }, (_, i) => i), [1, 5, 7, 1]);
    let seen: number[] = [];
    const y = withPaddingToMultiple(x, 4, (padded) => {
      seen = padded.shape.slice();
      return tf.mul(padded, 2) as tf.Tensor4D;
    });
    expect(seen).toEqual([1, 8, 8, 1]);
    expect(y.shape).toEqual([1, 5, 7, 1]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync(), (v) => 2 * v));
    tf.dispose([x, y]);
  });
});

describe('predictTiled', () => {
  it('equals one whole-image pass when the halo covers the receptive field, and frees every tile', () => {
    const model = createToyModel(toySchema.parse({}), 3);
    const image = ramp(45, 29);
    const whole = predictTiled(image, model.forward, { tile: 4096, halo: 2, multiple: 1 });
    const tensors = tf.memory().numTensors;
    const tiled = predictTiled(image, model.forward, { tile: 8, halo: 2, multiple: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tiled.channels).toBe(3);
    let largest = 0;
    for (let i = 0; i < whole.data.length; i++) largest = Math.max(largest, Math.abs(whole.data[i]! - tiled.data[i]!));
    expect(largest).toBeLessThan(1e-6);
    const starved = predictTiled(image, model.forward, { tile: 8, halo: 0, multiple: 1 });
    let seam = 0;
    for (let i = 0; i < whole.data.length; i++) seam = Math.max(seam, Math.abs(whole.data[i]! - starved.data[i]!));
    expect(seam).toBeGreaterThan(1e-3);
    model.dispose();
  });

  it('keeps tile origins on the multiple, so a down-sampling network gives the whole-image result', () => {
    const image = ramp(100, 70);
    // 2x2 block means, spread back: the output depends on where the block grid starts.
    const blocky = (x: tf.Tensor4D) => tf.image.resizeNearestNeighbor(tf.avgPool(x, 2, 2, 'valid'), [x.shape[1], x.shape[2]]) as tf.Tensor4D;
    const whole = predictTiled(image, blocky, { tile: 4096, halo: 0, multiple: 2 });
    const tiled = predictTiled(image, blocky, { tile: 40, halo: 10, multiple: 16 });
    expect(Array.from(tiled.data)).toEqual(Array.from(whole.data));
  });
});
