import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { MPReLU } from '../../src/index.js';

beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

describe('MPReLU', () => {
  it('is alpha x for x >= 0 and x for x < 0, with a per-channel alpha starting at 0.25', () => {
    const layer = new MPReLU();
    const x = tf.tensor4d([-2, -0.5, 0, 1, 3, 4], [1, 1, 3, 2]);
    const y = layer.apply(x) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual([-2, -0.5, 0, 0.25, 0.75, 1]);
    expect(layer.getWeights()[0]!.shape).toEqual([2]);
  });

  it('learns alpha: d/d alpha = sum of relu(x) dy per channel', () => {
    const layer = new MPReLU({ alphaInitial: 0.5 });
    const x = tf.tensor4d([-1, 2, 3, -4], [1, 1, 2, 2]);
    layer.apply(x);
    const alpha = layer.trainableWeights[0]!.read() as tf.Variable;
    const { grads } = tf.variableGrads(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar, [alpha]);
    expect(Array.from(grads[alpha.name]!.dataSync())).toEqual([3, 2]);
  });

  it('survives a save -> load round trip in a layers model, predicting identically', async () => {
    const input = tf.input({ shape: [4, 4, 3] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', kernelInitializer: 'glorotNormal' }).apply(input) as tf.SymbolicTensor;
    const output = new MPReLU({ alphaInitial: 0.3 }).apply(conv) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    const x = tf.randomNormal([1, 4, 4, 3], 0, 1, 'float32', 5);
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
    expect(JSON.stringify(artifacts!.modelTopology)).toContain('"class_name":"MPReLU"');
  });
});
