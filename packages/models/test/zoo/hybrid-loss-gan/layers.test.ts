import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { buildDiscriminator } from '../../../src/zoo/hybrid-loss-gan/discriminator.js';
import { buildGenerator } from '../../../src/zoo/hybrid-loss-gan/generator.js';
import { CaffePreprocess, LdrCodeValues, LogSkipTransform } from '../../../src/zoo/hybrid-loss-gan/layers.js';
import { buildVgg19Features } from '../../../src/zoo/hybrid-loss-gan/vgg19.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

async function roundTrip(model: tf.LayersModel): Promise<{ loaded: tf.LayersModel; topology: string }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return { loaded: await tf.loadLayersModel(tf.io.fromMemory(artifacts!)), topology: JSON.stringify(artifacts!.modelTopology) };
}

describe('hybrid-loss GAN custom layers', () => {
  it('LdrCodeValues: 255 x, or 255 sqrt(x)', () => {
    const x = tf.tensor4d([0, 0.25, 1], [1, 1, 1, 3]);
    expect(Array.from((new LdrCodeValues({ transform: 'identity' }).apply(x) as tf.Tensor).dataSync())).toEqual([0, 63.75, 255]);
    expect(Array.from((new LdrCodeValues({ transform: 'sqrt' }).apply(x) as tf.Tensor).dataSync())).toEqual([0, 127.5, 255]);
  });

  it('CaffePreprocess: scale, RGB to BGR, minus the ImageNet BGR means', () => {
    const x = tf.tensor4d([1, 2, 3], [1, 1, 1, 3]);
    const out = Array.from((new CaffePreprocess({ scale: 255 }).apply(x) as tf.Tensor).dataSync());
    expect(out).toEqual([3 * 255 - 103.939, 2 * 255 - 116.779, 255 - 123.68].map((v) => expect.closeTo(v, 3)));
  });

  it('LogSkipTransform: log((s / 255)^2 + 1/255)', () => {
    const s = tf.tensor4d([0, 255, 510], [1, 1, 3, 1]);
    const out = Array.from((new LogSkipTransform().apply(s) as tf.Tensor).dataSync());
    expect(out).toEqual([Math.log(1 / 255), Math.log(1 + 1 / 255), Math.log(4 + 1 / 255)].map((v) => expect.closeTo(v, 5)));
  });

  it('the generator (all three custom layers) survives save -> load by topology and weights, predicting identically', async () => {
    for (const inputTransform of ['identity', 'sqrt'] as const) {
      const generator = buildGenerator({ widthDivisor: 16, inputTransform, seed: 9 });
      const { loaded, topology } = await roundTrip(generator);
      for (const name of ['LdrCodeValues', 'CaffePreprocess', 'LogSkipTransform']) expect(topology).toContain(`"class_name":"${name}"`);
      expect(topology).toContain(`"transform":"${inputTransform}"`);
      const x = tf.randomUniform([1, 32, 64, 3], 0, 1, 'float32', 4);
      expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((generator.predict(x) as tf.Tensor).dataSync()));
      expect(loaded.layers.map((layer) => layer.name)).toEqual(generator.layers.map((layer) => layer.name));
      generator.dispose();
      loaded.dispose();
    }
  });

  it('VGG19 (CaffePreprocess with scale 255) and the discriminator survive the round trip too', async () => {
    const x = tf.randomUniform([1, 32, 32, 3], -3, 3, 'float32', 5);
    for (const network of [buildVgg19Features({ widthDivisor: 16, layer: 'pool5', seed: 1 }), buildDiscriminator({ widthDivisor: 16, head: 'flatten', inputSize: 32, seed: 1 })]) {
      const { loaded } = await roundTrip(network);
      expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((network.predict(x) as tf.Tensor).dataSync()));
    }
  });
});
