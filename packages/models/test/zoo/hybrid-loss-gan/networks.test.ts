import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { parameterCount } from '../../../src/registry/variables.js';
import { hybridLossGan } from '../../../src/zoo/hybrid-loss-gan/definition.js';
import { buildDiscriminator } from '../../../src/zoo/hybrid-loss-gan/discriminator.js';
import { buildGenerator } from '../../../src/zoo/hybrid-loss-gan/generator.js';
import { buildVgg19Features } from '../../../src/zoo/hybrid-loss-gan/vgg19.js';
import { tinyConfig } from './support.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

const conv = (k: number, cin: number, cout: number, bias = true) => k * k * cin * cout + (bias ? cout : 0);
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** Values of a sub-graph of the generator: the tensors named layers output, for one input. */
function outputsOf(generator: tf.LayersModel, layers: readonly string[], x: tf.Tensor4D): tf.Tensor4D[] {
  const probe = tf.model({ inputs: generator.inputs, outputs: layers.map((layer) => generator.getLayer(layer).output as tf.SymbolicTensor) });
  return probe.predict(x) as tf.Tensor4D[];
}

describe('hybrid-loss GAN networks at the paper size', () => {
  it('HDR-CNN generator: 29.44 M parameters (spec ~30 M), 13 + 1 encoder convs, 5 deconvs, 6 fusions, 7 BNs', () => {
    const generator = buildGenerator({ widthDivisor: 1, inputTransform: 'identity', seed: 0 });
    const vgg16 = sum([conv(3, 3, 64), conv(3, 64, 64), conv(3, 64, 128), conv(3, 128, 128), conv(3, 128, 256), 2 * conv(3, 256, 256), conv(3, 256, 512), 5 * conv(3, 512, 512)]);
    const deconvs = sum([2 * conv(4, 512, 512), conv(4, 512, 256), conv(4, 256, 128), conv(4, 128, 64)]);
    const fusions = sum([2 * conv(1, 1024, 512), conv(1, 512, 256), conv(1, 256, 128), conv(1, 128, 64), conv(1, 6, 3)]);
    const batchNorm = 2 * (512 + 512 + 512 + 256 + 128 + 64 + 3);
    const expected = vgg16 + conv(3, 512, 512) + deconvs + fusions + conv(1, 64, 3) + batchNorm;
    expect(vgg16).toBe(14_714_688);
    expect(parameterCount('generator', generator)).toEqual({ network: 'generator', trainable: expected, nonTrainable: batchNorm });
    expect(expected).toBe(29_443_358);
    expect(Math.abs(expected - 30e6) / 30e6).toBeLessThan(0.03);
    const kinds = (className: string) => generator.layers.filter((layer) => layer.getClassName() === className).length;
    expect([kinds('Conv2D'), kinds('Conv2DTranspose'), kinds('BatchNormalization'), kinds('LogSkipTransform')]).toEqual([14 + 6 + 1, 5, 7, 6]);
    generator.dispose();
  });

  it('SRGAN discriminator: 138.9 M parameters with the flatten head at 256x256 (spec ~140 M), 5.2 M with gap', () => {
    const convs = sum([conv(3, 3, 64), conv(3, 64, 64, false), conv(3, 64, 128, false), conv(3, 128, 128, false), conv(3, 128, 256, false), conv(3, 256, 256, false), conv(3, 256, 512, false), conv(3, 512, 512, false)]);
    const batchNorm = 2 * (64 + 128 + 128 + 256 + 256 + 512 + 512);
    const flattenHead = 16 * 16 * 512 * 1024 + 1024 + 1024 + 1;
    const gapHead = 512 * 1024 + 1024 + 1024 + 1;
    const flatten = buildDiscriminator({ widthDivisor: 1, head: 'flatten', inputSize: 256, seed: 0 });
    expect(parameterCount('d', flatten)).toEqual({ network: 'd', trainable: convs + batchNorm + flattenHead, nonTrainable: batchNorm });
    flatten.dispose();
    expect(convs + batchNorm + flattenHead).toBe(138_907_009);
    expect(Math.abs(138_907_009 - 140e6) / 140e6).toBeLessThan(0.01);
    const gap = buildDiscriminator({ widthDivisor: 1, head: 'gap', inputSize: 256, seed: 0 });
    expect(parameterCount('d', gap).trainable).toBe(convs + batchNorm + gapHead);
    expect(convs + batchNorm + gapHead).toBe(5_213_569);
    const logits = gap.predict(tf.zeros([2, 64, 96, 3])) as tf.Tensor;
    expect(logits.shape).toEqual([2, 1]);
    gap.dispose();
  });

  it('VGG19 features: 20.02 M frozen parameters (spec ~20 M); pool5 at 1/32, relu5_4 at 1/16', () => {
    const pool5 = buildVgg19Features({ widthDivisor: 1, layer: 'pool5', seed: 0 });
    expect(parameterCount('vgg19', pool5)).toEqual({ network: 'vgg19', trainable: 0, nonTrainable: 20_024_384 });
    expect((pool5.predict(tf.zeros([1, 64, 96, 3])) as tf.Tensor).shape).toEqual([1, 2, 3, 512]);
    pool5.dispose();
    const relu54 = buildVgg19Features({ widthDivisor: 8, layer: 'relu5_4', seed: 0 });
    expect((relu54.predict(tf.zeros([1, 64, 96, 3])) as tf.Tensor).shape).toEqual([1, 4, 6, 64]);
    relu54.dispose();
  });

  it('generator output z has the input size at every allowed size, and forward crops a padded non-multiple back', async () => {
    const model = await hybridLossGan.create(tinyConfig('rec', { 'generator.widthDivisor': 1 }), { seed: 0 });
    const generator = model.networks['generator']!;
    for (const [height, width] of [
      [32, 32],
      [64, 96],
      [96, 160],
    ] as const) {
      const z = generator.predict(tf.randomUniform([1, height, width, 3], 0, 1, 'float32', 1)) as tf.Tensor;
      expect(z.shape).toEqual([1, height, width, 3]);
      z.dispose();
    }
    const hdr = model.forward(tf.randomUniform([1, 50, 70, 3], 0, 1, 'float32', 2) as tf.Tensor4D);
    expect(hdr.shape).toEqual([1, 50, 70, 3]);
    expect(hdr.min().dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(hdr.max().dataSync()[0]!)).toBe(true);
    model.dispose();
  });
});

describe('HDR-CNN initialisation', () => {
  it('each fusion starts as a + s\', with s\' = log((s / 255)^2 + 1/255) of the skip (the input 255 x for the last)', () => {
    const generator = buildGenerator({ widthDivisor: 8, inputTransform: 'identity', seed: 3 });
    const x = tf.randomUniform([1, 32, 32, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const [decoded, skip, fused, lastDecoded, z] = outputsOf(generator, ['g_dec5_relu', 'g_block1_conv2', 'g_dec6_fuse', 'g_dec7_relu', 'g_dec7_fuse'], x);
    const logSkip = tf.log(tf.add(tf.square(tf.div(skip!, 255)), 1 / 255));
    expect(tf.max(tf.abs(tf.sub(fused!, tf.add(decoded!, logSkip)))).dataSync()[0]).toBeLessThan(1e-4);
    const logInput = tf.log(tf.add(tf.square(x), 1 / 255));
    expect(tf.max(tf.abs(tf.sub(z!, tf.add(lastDecoded!, logInput)))).dataSync()[0]).toBeLessThan(1e-4);
    generator.dispose();
  });

  it('each deconv starts as bilinear x2 up-sampling: a constant stays constant, a ramp of step 1 becomes one of step 1/2', () => {
    const generator = buildGenerator({ widthDivisor: 8, inputTransform: 'identity', seed: 3 });
    const layer = generator.getLayer('g_dec3_deconv');
    const [inChannels, outChannels] = [64, 32];
    expect(layer.getWeights()[0]!.shape).toEqual([4, 4, outChannels, inChannels]);
    const ramp = tf.tidy(() => tf.tile(tf.reshape(tf.range(0, 6), [1, 1, 6, 1]), [1, 6, 1, inChannels])) as tf.Tensor4D;
    const up = layer.apply(tf.add(ramp, 0)) as tf.Tensor4D;
    expect(up.shape).toEqual([1, 12, 12, outChannels]);
    const values = up.arraySync()[0]!;
    for (let y = 1; y < 11; y++) {
      for (let o = 1; o < 11; o++) {
        // Output column o sits at input position (o - 1/2) / 2; every output channel copies its own input channel.
        expect(values[y]![o]![0]).toBeCloseTo((o - 0.5) / 2, 5);
        expect(values[y]![o]![outChannels - 1]).toBeCloseTo((o - 0.5) / 2, 5);
      }
    }
    const constant = (layer.apply(tf.fill([1, 6, 6, inChannels], 2.5)) as tf.Tensor4D).arraySync()[0]!;
    for (let y = 1; y < 11; y++) for (let o = 1; o < 11; o++) expect(constant[y]![o]![5]).toBeCloseTo(2.5, 5);
    generator.dispose();
  });

  it('the same seed builds identical weights; another seed differs', () => {
    const weights = (seed: number) => {
      const generator = buildGenerator({ widthDivisor: 16, inputTransform: 'identity', seed });
      const values = generator.getWeights().map((tensor) => Array.from(tensor.dataSync()));
      generator.dispose();
      return values;
    };
    expect(weights(5)).toEqual(weights(5));
    expect(weights(5)[0]).not.toEqual(weights(6)[0]);
  });
});
