import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** A pretrained-weights file that cannot be read or does not fit the network it is meant for. */
export class PretrainedWeightsError extends Error {
  override readonly name = 'PretrainedWeightsError';
}

const HOW_TO_MAKE = 'docs/pretrained-weights.md says how to produce one';

/** The artifacts of a layers-format file and the sha256 of its bytes (model.json, then the shards in manifest order). */
interface ReadLayersFile {
  readonly artifacts: tf.io.ModelArtifacts;
  readonly sha256: string;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readLayersFile(modelJsonPath: string): Promise<ReadLayersFile> {
  const path = resolve(modelJsonPath);
  let text: Buffer;
  try {
    text = await readFile(path);
  } catch (error) {
    throw new PretrainedWeightsError(`cannot read ${path} (${describeError(error)}): it should be the model.json of a TF.js layers-format file; ${HOW_TO_MAKE}`);
  }
  let json: Partial<tf.io.ModelJSON>;
  try {
    json = JSON.parse(text.toString('utf8')) as Partial<tf.io.ModelJSON>;
  } catch (error) {
    throw new PretrainedWeightsError(`${path} is not JSON (${describeError(error)}): expected the model.json of a TF.js layers-format file; ${HOW_TO_MAKE}`);
  }
  if (!Array.isArray(json.weightsManifest)) {
    throw new PretrainedWeightsError(`${path} has no weightsManifest: expected the model.json of a TF.js layers-format file; ${HOW_TO_MAKE}`);
  }
  const hash = createHash('sha256').update(text);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    for (const shard of group.paths) {
      const shardPath = resolve(dirname(path), shard);
      let bytes: Buffer;
      try {
        bytes = await readFile(shardPath);
      } catch (error) {
        throw new PretrainedWeightsError(`${path} lists the weight shard ${shard}, which cannot be read (${describeError(error)}); keep the shards beside model.json`);
      }
      hash.update(bytes);
      shards.push(bytes);
    }
    specs.push(...group.weights);
  }
  const total = shards.reduce((sum, shard) => sum + shard.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.byteLength;
  }
  const artifacts: tf.io.ModelArtifacts = {
    ...(json.modelTopology === undefined || json.modelTopology === null ? {} : { modelTopology: json.modelTopology }),
    ...(json.format === undefined ? {} : { format: json.format }),
    ...(json.generatedBy === undefined ? {} : { generatedBy: json.generatedBy }),
    ...(json.convertedBy === undefined || json.convertedBy === null ? {} : { convertedBy: json.convertedBy }),
    weightSpecs: specs,
    weightData: weightData.buffer,
  };
  return { artifacts, sha256: hash.digest('hex') };
}

/**
 * A tfjs IOHandler that loads a TF.js layers-format file (model.json and its weight shards) from the local
 * disk. Pure tfjs has no file:// handler (that lives in tfjs-node), and weights are only ever read from a
 * path the config names.
 */
export function layersFileHandler(modelJsonPath: string): tf.io.IOHandler {
  return { load: async () => (await readLayersFile(modelJsonPath)).artifacts };
}

const QUANTISED_BYTES: Readonly<Record<string, number>> = { uint8: 1, uint16: 2, float16: 2 };
const DTYPE_BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

function specBytes(spec: tf.io.WeightsManifestEntry): number {
  const size = spec.shape.reduce((product, dimension) => product * dimension, 1);
  const bytes = spec.quantization ? QUANTISED_BYTES[spec.quantization.dtype] : DTYPE_BYTES[spec.dtype];
  if (bytes === undefined) throw new PretrainedWeightsError(`weight '${spec.name}' has dtype ${spec.quantization?.dtype ?? spec.dtype}, which cannot be loaded`);
  return size * bytes;
}

/** The tensors of a layers-format file by their manifest names, with where they came from. */
export interface LayersFileWeights {
  readonly path: string;
  /** sha256 of model.json followed by its shards in manifest order: what a run records as the weights' identity. */
  readonly sha256: string;
  readonly tensors: ReadonlyMap<string, tf.Tensor>;
  dispose(): void;
}

/** Reads and decodes every weight of a layers-format file (quantised weights come back as float32). */
export async function readLayersFileWeights(modelJsonPath: string): Promise<LayersFileWeights> {
  const { artifacts, sha256 } = await readLayersFile(modelJsonPath);
  const path = resolve(modelJsonPath);
  const expected = artifacts.weightSpecs!.reduce((sum, spec) => sum + specBytes(spec), 0);
  const actual = (artifacts.weightData as ArrayBuffer).byteLength;
  if (actual !== expected) {
    throw new PretrainedWeightsError(`${path}: the weight shards hold ${actual} bytes but the manifest describes ${expected}; re-create the file`);
  }
  let named: tf.NamedTensorMap;
  try {
    named = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  } catch (error) {
    throw new PretrainedWeightsError(`${path}: the weight shards do not match the manifest (${describeError(error)}); re-create the file`);
  }
  const tensors = new Map(Object.entries(named));
  return { path, sha256, tensors, dispose: () => tensors.forEach((tensor) => tensor.dispose()) };
}
