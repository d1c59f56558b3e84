import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, createHdrImage, formatFromFileName, readImageFile, srgbDecodeArray, writeHdrFile, type HdrImage } from '@hdr-lab/core';
import { loadCheckpoint, modelDefinition, resolveModelConfig, type BracketModel, type Model, type ModelData, type SingleImageModel } from '@hdr-lab/models';
import { readBracket } from '../bracket/read-bracket.js';
import { UsageError } from '../cli/errors.js';
import { inputFromHdr } from './input-from-hdr.js';

export type LdrEncoding = 'srgb' | 'linear';

export interface PredictRequest {
  readonly modelId: string;
  /** A run directory (holding checkpoint/) or a checkpoint directory. */
  readonly checkpoint: string;
  /** One LDR or HDR image; for bracket models also the exposures themselves or one bracket folder. */
  readonly inputs: readonly string[];
  readonly output: string;
  /** Exposure times of a bracket's files, in the order given (else a sidecar or EXIF gives them). */
  readonly times?: readonly number[];
  readonly tile?: number;
  /** How an 8-bit input file is encoded, for models that take linear LDR (default sRGB). */
  readonly ldrEncoding?: LdrEncoding;
  readonly log: (line: string) => void;
}

async function checkpointDirectory(path: string): Promise<string> {
  for (const candidate of [path, join(path, 'checkpoint')]) {
    if (await stat(join(candidate, 'checkpoint.json')).then(() => true, () => false)) return candidate;
  }
  throw new UsageError(`--checkpoint ${path}: no checkpoint.json there or in ${join(path, 'checkpoint')}; give a run directory written by hdr-lab train`);
}

/** The three colour channels of an LDR image in [0, 1], in the model's input domain. */
function ldrInput(model: SingleImageModel, decoded: Awaited<ReturnType<typeof readImageFile>>, encoding: LdrEncoding, path: string): HdrImage {
  const { width, height, channels, data } = decoded.image;
  if (channels < 3) throw new UsageError(`${path}: has ${channels} channel(s); the models take RGB`);
  const rgb = new Float32Array(width * height * 3);
  for (let p = 0; p < width * height; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = data[p * channels + c]!;
  const linear = model.inputDomain === 'linear-ldr' && encoding === 'srgb' ? srgbDecodeArray(rgb) : rgb;
  return createHdrImage(width, height, 3, linear);
}

/**
 * A model built from a checkpoint's recorded config with the checkpoint's weights (optimiser state is
 * not loaded); `modelId`, when given, must be the one the checkpoint holds. The caller disposes it.
 */
export async function loadTrainedModel(dir: string, modelId: string | undefined, what: string): Promise<{ model: Model; step: number; modelId: string; data: ModelData }> {
  const manifest = JSON.parse(await readFile(join(dir, 'checkpoint.json'), 'utf8')) as { step: number; extra?: { modelId?: string; modelConfig?: Record<string, unknown> } };
  const savedModel = manifest.extra?.modelId;
  if (savedModel && modelId && savedModel !== modelId) throw new UsageError(`${what} holds a '${savedModel}' model, not '${modelId}'`);
  const id = modelId ?? savedModel;
  if (!id) throw new ConfigError(`${dir}/checkpoint.json records no model id; it was not written by hdr-lab train`);
  if (!manifest.extra?.modelConfig) throw new ConfigError(`${dir}/checkpoint.json records no model config; it was not written by hdr-lab train`);
  const definition = modelDefinition(id);
  const config = resolveModelConfig(definition, { settings: manifest.extra.modelConfig, source: `${dir}/checkpoint.json: extra.modelConfig` });
  const model = await definition.create(config, { seed: 0 });
  try {
    await loadCheckpoint(dir, { variables: model.variables(), optimizers: {} });
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, step: manifest.step, modelId: id, data: definition.data(config) };
}

/** What `predict` runs: a description for the log and the prediction itself. */
interface PreparedInput {
  readonly describe: string;
  run(options: { readonly tile?: number }): Promise<HdrImage>;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then((info) => info.isDirectory(), () => false);
}

/** An HDR file: the input the model was trained on is synthesised from it, as in training. */
async function fromHdrFile(model: Model, data: ModelData, path: string, image: HdrImage, log: (line: string) => void): Promise<PreparedInput> {
  const made = await inputFromHdr(model, data, image, `predict/${path}`);
  log(
    model.inputDomain === 'ldr-bracket'
      ? `${path} is HDR: synthesising a ${model.exposureCount}-exposure bracket with motion from it (as in training)`
      : `${path} is HDR: making the model's ${model.inputDomain} input from it (as in training)`,
  );
  return { describe: `${path}: ${image.width}x${image.height}`, run: (options) => made.predict(options) };
}

async function singleImageInput(model: SingleImageModel, data: ModelData, request: PredictRequest): Promise<PreparedInput> {
  if (request.inputs.length !== 1) throw new UsageError(`${model.id} takes one input image, got ${request.inputs.length}: ${request.inputs.join(', ')}`);
  if (request.times) throw new UsageError(`--times is for multi-exposure models; ${model.id} takes one image`);
  const path = request.inputs[0]!;
  const decoded = await readImageFile(path);
  if (decoded.kind === 'hdr') return fromHdrFile(model, data, path, decoded.image, request.log);
  const input = ldrInput(model, decoded, request.ldrEncoding ?? 'srgb', path);
  return { describe: `${path}: ${input.width}x${input.height}`, run: (options) => model.predict(input, options) };
}

async function bracketInput(model: BracketModel, data: ModelData, request: PredictRequest): Promise<PreparedInput> {
  const [first] = request.inputs;
  if (request.inputs.length === 1 && first !== undefined && !(await isDirectory(first))) {
    const decoded = await readImageFile(first);
    if (decoded.kind === 'hdr') return fromHdrFile(model, data, first, decoded.image, request.log);
    throw new UsageError(
      `${model.id} fuses ${model.exposureCount} exposures, got one LDR image (${first}); give the ${model.exposureCount} exposure files, ` +
        'a bracket folder, or an HDR image to synthesise a bracket from',
    );
  }
  const bracket = await readBracket([...request.inputs], {
    expected: model.exposureCount,
    log: request.log,
    ...(request.times ? { times: [...request.times] } : {}),
  });
  const { width, height } = bracket.exposures[0]!.image;
  return { describe: `${bracket.source}: ${model.exposureCount} exposures, ${width}x${height}`, run: (options) => model.predict(bracket, options) };
}

/**
 * Runs a trained model and writes linear HDR (.exr, .hdr or .pfm by OUT's extension): on one LDR or HDR
 * image, or for multi-exposure models on a bracket (its files, a folder, or one HDR image to synthesise it from).
 */
export async function predictFromCheckpoint(request: PredictRequest): Promise<{ seconds: number; width: number; height: number }> {
  const format = formatFromFileName(request.output);
  if (!format || format === 'png' || format === 'jpeg') throw new UsageError(`${request.output}: the prediction is HDR; name the output .exr, .hdr or .pfm`);
  const dir = await checkpointDirectory(request.checkpoint);
  const { model, step, data } = await loadTrainedModel(dir, request.modelId, `--checkpoint ${request.checkpoint}`);
  try {
    const input = model.inputDomain === 'ldr-bracket' ? await bracketInput(model, data, request) : await singleImageInput(model, data, request);
    request.log(`${request.modelId} (step ${step}) on ${input.describe}`);
    const started = performance.now();
    const prediction = await input.run(request.tile === undefined ? {} : { tile: request.tile });
    const seconds = (performance.now() - started) / 1000;
    await writeHdrFile(request.output, prediction);
    return { seconds, width: prediction.width, height: prediction.height };
  } finally {
    model.dispose();
  }
}
