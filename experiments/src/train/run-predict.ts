import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, createHdrImage, formatFromFileName, readImageFile, srgbDecodeArray, writeHdrFile, type HdrImage } from '@hdr-lab/core';
import { loadCheckpoint, modelDefinition, resolveModelConfig, type Model } from '@hdr-lab/models';
import { UsageError } from '../cli/errors.js';

export type LdrEncoding = 'srgb' | 'linear';

export interface PredictRequest {
  readonly modelId: string;
  /** A run directory (holding checkpoint/) or a checkpoint directory. */
  readonly checkpoint: string;
  readonly input: string;
  readonly output: string;
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

/** The three colour channels of an image in [0, 1], in the model's input domain. */
function modelInput(model: Model, decoded: Awaited<ReturnType<typeof readImageFile>>, encoding: LdrEncoding, log: (line: string) => void, path: string): HdrImage {
  if (decoded.kind === 'hdr') {
    log(`${path} is HDR: making the model's ${model.inputDomain} input from it (as in training)`);
    return model.inputFromHdr(colourImage(decoded.image));
  }
  const { width, height, channels, data } = decoded.image;
  if (channels < 3) throw new UsageError(`${path}: has ${channels} channel(s); the models take RGB`);
  const rgb = new Float32Array(width * height * 3);
  for (let p = 0; p < width * height; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = data[p * channels + c]!;
  const linear = model.inputDomain === 'linear-ldr' && encoding === 'srgb' ? srgbDecodeArray(rgb) : rgb;
  return createHdrImage(width, height, 3, linear);
}

/** An image's colour channels: grey repeated into RGB, alpha dropped. */
export function colourImage(image: HdrImage): HdrImage {
  if (image.channels === 3) return image;
  if (image.channels === 1) return createHdrImage(image.width, image.height, 3, Float32Array.from({ length: image.data.length * 3 }, (_, i) => image.data[Math.floor(i / 3)]!));
  const out = new Float32Array(image.width * image.height * 3);
  for (let p = 0; p < image.width * image.height; p++) for (let c = 0; c < 3; c++) out[p * 3 + c] = image.data[p * 4 + c]!;
  return createHdrImage(image.width, image.height, 3, out);
}

/**
 * A model built from a checkpoint's recorded config with the checkpoint's weights (optimiser state is
 * not loaded); `modelId`, when given, must be the one the checkpoint holds. The caller disposes it.
 */
export async function loadTrainedModel(dir: string, modelId: string | undefined, what: string): Promise<{ model: Model; step: number; modelId: string }> {
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
  return { model, step: manifest.step, modelId: id };
}

/** Runs a trained model on one image and writes linear HDR (.exr, .hdr or .pfm by OUT's extension). */
export async function predictFromCheckpoint(request: PredictRequest): Promise<{ seconds: number; width: number; height: number }> {
  const format = formatFromFileName(request.output);
  if (!format || format === 'png' || format === 'jpeg') throw new UsageError(`${request.output}: the prediction is HDR; name the output .exr, .hdr or .pfm`);
  const dir = await checkpointDirectory(request.checkpoint);
  const decoded = await readImageFile(request.input);
  const { model, step } = await loadTrainedModel(dir, request.modelId, `--checkpoint ${request.checkpoint}`);
  try {
    const input = modelInput(model, decoded, request.ldrEncoding ?? 'srgb', request.log, request.input);
    request.log(`${request.modelId} (step ${step}) on ${request.input}: ${input.width}x${input.height}`);
    const started = performance.now();
    const prediction = await model.predict(input, request.tile === undefined ? {} : { tile: request.tile });
    const seconds = (performance.now() - started) / 1000;
    await writeHdrFile(request.output, prediction);
    return { seconds, width: input.width, height: input.height };
  } finally {
    model.dispose();
  }
}
