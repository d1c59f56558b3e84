import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '@hdr-lab/core';
import { copyWeightsByLayerName } from '../../src/pretrained/copy-weights.js';
import { layersFileHandler, PretrainedWeightsError, readLayersFileWeights } from '../../src/pretrained/layers-file.js';
import { buildVgg19Features, VGG19_PREFIX } from '../../src/zoo/hybrid-loss-gan/vgg19.js';
import { writeLayersFile } from './write-layers-file.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-pretrained-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  await initEngine({ backend: 'cpu' });
});

/** VGG19's conv part as Keras names it (no prefix, `block<b>_conv<i>`), at 1/`divisor` width: what the converter writes for keras.applications.VGG19. */
function kerasVgg19(divisor: number, seed: number, blocks = 5): tf.LayersModel {
  const convs = [2, 2, 4, 4, 4];
  const channels = [64, 128, 256, 512, 512];
  const input = tf.input({ shape: [null, null, 3] as unknown as number[], name: 'input_1' });
  let x: tf.SymbolicTensor = input;
  for (let b = 0; b < blocks; b++) {
    for (let i = 1; i <= convs[b]!; i++) {
      const name = `block${b + 1}_conv${i}`;
      x = tf.layers
        .conv2d({ name, filters: channels[b]! / divisor, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + b * 10 + i }), biasInitializer: tf.initializers.randomNormal({ seed: seed + b * 10 + i }) })
        .apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers.maxPooling2d({ name: `block${b + 1}_pool`, poolSize: 2 }).apply(x) as tf.SymbolicTensor;
  }
  return tf.model({ inputs: input, outputs: x, name: 'vgg19' });
}

function values(model: tf.LayersModel, prefix = ''): Map<string, number[]> {
  return new Map(model.weights.map((weight) => [weight.originalName.slice(prefix.length), Array.from(weight.read().dataSync())]));
}

describe('TF.js layers-format files from disk', () => {
  it('reads model.json and several shards, hashes them, and fills a network by Keras layer name', async () => {
    const source = kerasVgg19(8, 100);
    const file = await writeLayersFile(source, join(work, 'vgg19'), { shards: 3 });
    const weights = await readLayersFileWeights(file);
    const hash = createHash('sha256').update(readFileSync(file));
    for (let i = 1; i <= 3; i++) hash.update(readFileSync(join(work, 'vgg19', `group1-shard${i}of3.bin`)));
    expect(weights.sha256).toBe(hash.digest('hex'));
    expect(weights.tensors.size).toBe(32);

    const network = buildVgg19Features({ widthDivisor: 8, layer: 'pool5', seed: 1 });
    expect(values(network, VGG19_PREFIX).get('block3_conv4/kernel')).not.toEqual(values(source).get('block3_conv4/kernel'));
    const filled = copyWeightsByLayerName(network, weights, { prefix: VGG19_PREFIX, setting: 'loss.vgg.weights.path' });
    weights.dispose();
    expect(filled).toHaveLength(16);
    expect(values(network, VGG19_PREFIX)).toEqual(values(source));
    source.dispose();
    network.dispose();
  });

  it('serves as a tfjs IOHandler: tf.loadLayersModel gives back the saved model', async () => {
    const source = kerasVgg19(16, 7, 2);
    const file = await writeLayersFile(source, join(work, 'handler'), { shards: 2 });
    const loaded = await tf.loadLayersModel(layersFileHandler(file));
    const x = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 3);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((source.predict(x) as tf.Tensor).dataSync()));
  });

  it('accepts names with an output slot or a model prefix (block1_conv1/kernel:0, vgg19/block1_conv1/kernel)', async () => {
    const source = kerasVgg19(16, 3);
    const file = await writeLayersFile(source, join(work, 'renamed'), { rename: (name) => (name.endsWith('kernel') ? `vgg19/${name}:0` : name) });
    const weights = await readLayersFileWeights(file);
    const network = buildVgg19Features({ widthDivisor: 16, layer: 'relu5_4', seed: 1 });
    copyWeightsByLayerName(network, weights, { prefix: VGG19_PREFIX, setting: 'loss.vgg.weights.path' });
    weights.dispose();
    expect(values(network, VGG19_PREFIX)).toEqual(values(source));
  });

  it('names every layer whose shape does not fit, with both shapes and the setting, and copies nothing', async () => {
    const file = await writeLayersFile(kerasVgg19(8, 5), join(work, 'narrow'));
    const weights = await readLayersFileWeights(file);
    const network = buildVgg19Features({ widthDivisor: 4, layer: 'pool5', seed: 1 });
    const before = values(network);
    let message = '';
    try {
      copyWeightsByLayerName(network, weights, { prefix: VGG19_PREFIX, setting: 'loss.vgg.weights.path' });
    } catch (error) {
      expect(error).toBeInstanceOf(PretrainedWeightsError);
      message = (error as Error).message;
    }
    weights.dispose();
    expect(message).toContain('loss.vgg.weights.path');
    expect(message).toContain(`'block1_conv1/kernel' is [3, 3, 3, 8] in the file but [3, 3, 3, 16] in the network`);
    expect(message).toContain('and 24 more');
    expect(values(network)).toEqual(before);
  });

  it('names missing layers', async () => {
    const file = await writeLayersFile(kerasVgg19(16, 5, 2), join(work, 'partial'));
    const weights = await readLayersFileWeights(file);
    const network = buildVgg19Features({ widthDivisor: 16, layer: 'pool5', seed: 1 });
    expect(() => copyWeightsByLayerName(network, weights, { prefix: VGG19_PREFIX, setting: 'loss.vgg.weights.path' })).toThrow(/'block3_conv1\/kernel' \[3, 3, 8, 16\] is missing/);
    weights.dispose();
  });

  it('refuses a missing file, a missing shard and a short shard, saying what to do', async () => {
    await expect(readLayersFileWeights(join(work, 'nowhere', 'model.json'))).rejects.toThrow(/cannot read .*nowhere.*docs\/pretrained-weights\.md/);
    const file = await writeLayersFile(kerasVgg19(16, 5, 1), join(work, 'short'), { shards: 2 });
    truncateSync(join(work, 'short', 'group1-shard2of2.bin'), 10);
    await expect(readLayersFileWeights(file)).rejects.toThrow(/shards hold \d+ bytes but the manifest describes \d+/);
    rmSync(join(work, 'short', 'group1-shard2of2.bin'));
    await expect(readLayersFileWeights(file)).rejects.toThrow(/lists the weight shard group1-shard2of2\.bin, which cannot be read/);
  });
});
