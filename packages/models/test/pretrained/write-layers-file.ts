import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/**
 * Writes a model as tensorflowjs_converter lays out a layers-format file: model.json (topology and
 * weightsManifest) beside `shards` weight files. `rename` maps each weight name as saved (`g_block1_conv1/kernel`)
 * to the name written, e.g. to drop a network prefix as a Keras model's names lack it.
 */
export async function writeLayersFile(model: tf.LayersModel, directory: string, options: { shards?: number; rename?: (name: string) => string } = {}): Promise<string> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const data = new Uint8Array(artifacts!.weightData as ArrayBuffer);
  const count = options.shards ?? 1;
  const paths = Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
  const size = Math.ceil(data.byteLength / count);
  mkdirSync(directory, { recursive: true });
  paths.forEach((path, i) => writeFileSync(join(directory, path), data.subarray(i * size, (i + 1) * size)));
  const weights = artifacts!.weightSpecs!.map((spec) => ({ ...spec, name: options.rename ? options.rename(spec.name) : spec.name }));
  const modelJson = { format: 'layers-model', generatedBy: 'test', convertedBy: null, modelTopology: artifacts!.modelTopology, weightsManifest: [{ paths, weights }] };
  const file = join(directory, 'model.json');
  writeFileSync(file, JSON.stringify(modelJson));
  return file;
}
