import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** Everything a run needs to continue exactly: weights, each optimiser's state, the step and random state. */
export interface CheckpointState {
  readonly step: number;
  /** Trainable and non-trainable values by a stable name (batch-norm statistics, spectral-norm vectors...). */
  readonly variables: ReadonlyMap<string, tf.Variable>;
  readonly optimizers: Readonly<Record<string, tf.Optimizer>>;
  /** The random streams' positions, as the run serialises them. */
  readonly random?: unknown;
  /** Anything else the run records (config hash, engine, loss history length...). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

interface TensorEntry {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  readonly offset: number;
  readonly length: number;
}

interface CheckpointManifest {
  readonly format: 'hdr-lab-checkpoint';
  readonly version: 1;
  readonly step: number;
  readonly variables: TensorEntry[];
  readonly optimizers: Record<string, { className: string; weights: TensorEntry[]; accumulators?: TensorEntry[] }>;
  readonly random?: unknown;
  readonly extra?: Record<string, unknown>;
}

/**
 * Adam keeps beta1^t and beta2^t as running products, but its setWeights recomputes them with pow(), which
 * rounds differently in float32; resumed runs would drift from uninterrupted ones after a step or two.
 * These fields are stored and restored as they are.
 */
const RUNNING_PRODUCTS = ['accBeta1', 'accBeta2'] as const;

function runningProducts(optimizer: tf.Optimizer): { name: string; tensor: tf.Variable }[] {
  const fields = optimizer as unknown as Record<string, unknown>;
  return RUNNING_PRODUCTS.flatMap((name) => (fields[name] instanceof tf.Variable ? [{ name, tensor: fields[name] }] : []));
}

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

/** Appends tensors' values to `chunks`, returning their entries (offsets in bytes into the data file). */
function pack(named: readonly { name: string; tensor: tf.Tensor }[], chunks: Uint8Array[], start: number): { entries: TensorEntry[]; end: number } {
  let offset = start;
  const entries = named.map(({ name, tensor }) => {
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') throw new CheckpointError(`cannot store '${name}' of dtype ${tensor.dtype}`);
    const values = tensor.dataSync() as Float32Array | Int32Array;
    const bytes = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    chunks.push(bytes);
    const entry = { name, shape: tensor.shape.slice(), dtype: tensor.dtype, offset, length: bytes.byteLength };
    offset += bytes.byteLength;
    return entry;
  });
  return { entries, end: offset };
}

/**
 * Writes a checkpoint directory: `checkpoint.json` (names, shapes, offsets, step, random state) and
 * `tensors.bin`. It is written beside the target and renamed over it, so a crash mid-write leaves the
 * previous checkpoint intact.
 */
export async function saveCheckpoint(directory: string, state: CheckpointState): Promise<void> {
  const chunks: Uint8Array[] = [];
  const variables = pack([...state.variables].map(([name, tensor]) => ({ name, tensor })), chunks, 0);
  let end = variables.end;
  const optimizers: CheckpointManifest['optimizers'] = {};
  for (const [key, optimizer] of Object.entries(state.optimizers)) {
    const weights = await optimizer.getWeights();
    const packed = pack(weights.map(({ name, tensor }) => ({ name, tensor })), chunks, end);
    // getWeights makes a fresh scalar for the iteration count beside its own variables; only that is ours to free.
    for (const { tensor } of weights) if (!(tensor instanceof tf.Variable)) tensor.dispose();
    const accumulators = pack(runningProducts(optimizer), chunks, packed.end);
    end = accumulators.end;
    optimizers[key] = { className: optimizer.getClassName(), weights: packed.entries, accumulators: accumulators.entries };
  }
  const manifest: CheckpointManifest = {
    format: 'hdr-lab-checkpoint',
    version: 1,
    step: state.step,
    variables: variables.entries,
    optimizers,
    ...(state.random === undefined ? {} : { random: state.random }),
    ...(state.extra === undefined ? {} : { extra: { ...state.extra } }),
  };
  const staging = `${directory}.writing-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'tensors.bin'), Buffer.concat(chunks));
  await writeFile(join(staging, 'checkpoint.json'), JSON.stringify(manifest, null, 2) + '\n');
  await mkdir(dirname(directory), { recursive: true });
  const previous = `${directory}.previous-${process.pid}`;
  await rm(previous, { recursive: true, force: true });
  await rename(directory, previous).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(staging, directory);
  await rm(previous, { recursive: true, force: true });
}

function unpack(entry: TensorEntry, data: Buffer): tf.Tensor {
  const bytes = data.subarray(entry.offset, entry.offset + entry.length);
  const copy = new Uint8Array(bytes);
  const values = entry.dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
  return tf.tensor(values, entry.shape, entry.dtype);
}

/**
 * Restores a checkpoint into the run's variables and into freshly made optimisers (as a resumed run has;
 * tfjs optimisers do not free the state they replace) and returns the step, random state and extras.
 * Variables must exist with the same names and shapes: a mismatch names the variable.
 */
export async function loadCheckpoint(
  directory: string,
  target: Pick<CheckpointState, 'variables' | 'optimizers'>,
): Promise<{ step: number; random?: unknown; extra?: Record<string, unknown> }> {
  let manifest: CheckpointManifest;
  let data: Buffer;
  try {
    manifest = JSON.parse(await readFile(join(directory, 'checkpoint.json'), 'utf8')) as CheckpointManifest;
    data = await readFile(join(directory, 'tensors.bin'));
  } catch (error) {
    throw new CheckpointError(`${directory} is not a readable checkpoint (${error instanceof Error ? error.message : String(error)})`);
  }
  if (manifest.format !== 'hdr-lab-checkpoint') throw new CheckpointError(`${directory}/checkpoint.json is not an hdr-lab checkpoint`);
  const stored = new Set(manifest.variables.map((entry) => entry.name));
  const missing = [...target.variables.keys()].filter((name) => !stored.has(name));
  if (missing.length > 0) throw new CheckpointError(`${directory} has no values for ${missing.join(', ')}: it was written by another model or config`);
  for (const entry of manifest.variables) {
    const variable = target.variables.get(entry.name);
    if (!variable) throw new CheckpointError(`${directory} holds '${entry.name}', which this model does not have`);
    if (variable.shape.join() !== entry.shape.join()) {
      throw new CheckpointError(`'${entry.name}' is [${entry.shape.join(', ')}] in ${directory} but [${variable.shape.join(', ')}] in this model`);
    }
    tf.tidy(() => variable.assign(unpack(entry, data)));
  }
  for (const [key, optimizer] of Object.entries(target.optimizers)) {
    const saved = manifest.optimizers[key];
    if (!saved) throw new CheckpointError(`${directory} has no state for optimiser '${key}'`);
    if (saved.className !== optimizer.getClassName()) {
      throw new CheckpointError(`optimiser '${key}' is ${optimizer.getClassName()} here but ${saved.className} in ${directory}`);
    }
    const weights = saved.weights.map((entry) => ({ name: entry.name, tensor: unpack(entry, data) }));
    await optimizer.setWeights(weights);
    for (const { tensor } of weights) tensor.dispose();
    const products = new Map(runningProducts(optimizer).map(({ name, tensor }) => [name, tensor]));
    for (const entry of saved.accumulators ?? []) {
      const variable = products.get(entry.name);
      if (variable) tf.tidy(() => variable.assign(unpack(entry, data)));
    }
  }
  return { step: manifest.step, ...(manifest.random === undefined ? {} : { random: manifest.random }), ...(manifest.extra === undefined ? {} : { extra: manifest.extra }) };
}
