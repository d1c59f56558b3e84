import { createHdrImage, type HdrImage } from '@hdr-lab/core';
import { runSynthPipeline } from '@hdr-lab/datasets';
import type { BaselineInput, Bracket, Model, ModelData } from '@hdr-lab/models';
import { modelPipeline } from './model-examples.js';

/** What a model is run on when all there is is a linear HDR image (evaluation, `predict` on an HDR file). */
export interface InputFromHdr {
  /** The model's input as an image: the LDR input, or a bracket's reference exposure (for figures). */
  readonly shown: HdrImage;
  /** The ground truth in the prediction's units when that is not the HDR file itself (brackets: normalised). */
  readonly groundTruth?: HdrImage;
  /** The same input as the baselines take it. */
  readonly baselineInput: BaselineInput;
  /** Runs the model on the input. */
  predict(options?: { readonly tile?: number }): Promise<HdrImage>;
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
 * The input a model was trained on, made from a linear HDR image: single-image models make their LDR input
 * themselves; a bracket model's exposures come from its training synthesis (motion included), seeded by
 * `seed` so the same image always gives the same bracket, and are scored against that synthesis's ground truth.
 */
export async function inputFromHdr(model: Model, data: ModelData, image: HdrImage, seed: string): Promise<InputFromHdr> {
  const hdr = colourImage(image);
  if (model.inputDomain !== 'ldr-bracket') {
    const input = model.inputFromHdr(hdr);
    const encoding = model.inputDomain === 'linear-ldr' ? ('linear' as const) : ('srgb' as const);
    const baselineInput = { kind: 'single-image' as const, image: input, encoding, ...(model.outputScale === undefined ? {} : { outputScale: model.outputScale }) };
    return { shown: input, baselineInput, predict: (options) => model.predict(input, options) };
  }
  const { sample } = await runSynthPipeline(modelPipeline(data, model.id), hdr, seed);
  const bracket: Bracket = { exposures: sample.exposures.map((exposure) => ({ image: exposure.image, time: exposure.time })) };
  return {
    shown: sample.exposures[sample.referenceIndex]!.image,
    groundTruth: sample.groundTruth,
    baselineInput: { kind: 'bracket', bracket, gamma: model.cameraGamma },
    predict: (options) => model.predict(bracket, options),
  };
}
