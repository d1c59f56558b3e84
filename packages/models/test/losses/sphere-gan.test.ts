import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { sphereDiscriminatorLoss, sphereDistance, sphereGeneratorLoss, sphereProjection } from '../../src/losses/sphere-gan.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

const moments3 = (angle: number) => angle + angle ** 2 + angle ** 3;

describe('SphereGAN loss', () => {
  it('projects u onto the unit sphere by inverse stereographic projection', () => {
    const p = sphereProjection(tf.tensor2d([[1, 0], [0, 0], [3, 4]]));
    const rows = p.arraySync();
    expect(rows[0]).toEqual([1, 0, 0]);
    expect(rows[1]).toEqual([0, 0, -1]);
    [6 / 26, 8 / 26, 24 / 26].forEach((value, i) => expect(rows[2]![i]).toBeCloseTo(value, 6));
    rows.forEach((row) => expect(Math.hypot(...row)).toBeCloseTo(1, 6));
  });

  it('measures sum_r mean(arccos(<p, N>)^r) from the north pole or from e0', () => {
    // u = (1, 0) -> p = (1, 0, 0): a quarter turn from the north pole, on e0.
    const onE0 = tf.tensor4d([1, 0], [1, 1, 1, 2]);
    expect(sphereDistance(onE0, 'north', 3).dataSync()[0]).toBeCloseTo(moments3(Math.PI / 2), 4);
    expect(sphereDistance(onE0, 'first', 3).dataSync()[0]).toBeCloseTo(moments3(Math.acos(1 - 1e-6)), 4);
    // u = 0 -> the south pole: half a turn from north, a quarter from e0.
    const south = tf.tensor4d([0, 0], [1, 1, 2, 1]);
    expect(sphereDistance(south, 'north', 3).dataSync()[0]).toBeCloseTo(moments3(Math.acos(-1 + 1e-6)), 3);
    expect(sphereDistance(south, 'first', 3).dataSync()[0]).toBeCloseTo(moments3(Math.PI / 2), 4);
    // Batch mean inside each moment: images at pi/2 and acos(24/26) from north.
    const batch = tf.tensor2d([[1, 0], [3, 4]]);
    const a = Math.PI / 2;
    const b = Math.acos(24 / 26);
    expect(sphereDistance(batch, 'north', 3).dataSync()[0]).toBeCloseTo((a + b) / 2 + (a ** 2 + b ** 2) / 2 + (a ** 3 + b ** 3) / 2, 4);
    expect(sphereDistance(batch, 'north', 1).dataSync()[0]).toBeCloseTo((a + b) / 2, 5);
  });

  it('stays finite with a finite gradient at the reference point itself', () => {
    const u = tf.variable(tf.tensor2d([[1, 0]]));
    const { value, grads } = tf.variableGrads(() => sphereDistance(u, 'first', 3), [u]);
    expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
    expect(Array.from(grads[u.name]!.dataSync()).every(Number.isFinite)).toBe(true);
  });

  it('D pulls fakes to N and pushes real images away; G pushes its outputs away', () => {
    const real = tf.scalar(5);
    const fakes = [tf.scalar(2), tf.scalar(3)];
    expect(sphereDiscriminatorLoss(real, fakes).dataSync()[0]).toBeCloseTo(2 - 5 + (3 - 5), 6);
    expect(sphereGeneratorLoss(fakes).dataSync()[0]).toBeCloseTo(-5, 6);
  });
});
