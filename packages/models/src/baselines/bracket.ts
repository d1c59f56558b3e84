import { createHdrImage, mergeDebevec, responseFromLinear, type HdrImage, type Ldr8Image } from '@hdr-lab/core';
import type { Bracket } from '../registry/model.js';
import type { Baseline, BaselineInput, BracketBaselineInput } from './baseline.js';

function bracketInput(id: string, input: BaselineInput): BracketBaselineInput {
  if (input.kind !== 'bracket') throw new Error(`baseline '${id}' reconstructs from a bracket of exposures, not from one LDR image; use identity or an expansion operator for single-image models`);
  if (input.bracket.exposures.length === 0) throw new Error(`baseline '${id}': the bracket has no exposures`);
  return input;
}

/** The exposure a bracket model aligns to: the middle one. */
function referenceIndex(bracket: Bracket): number {
  return Math.floor(bracket.exposures.length / 2);
}

/** Each colour sample as the camera gamma linearises it, divided by the exposure's time relative to the shortest. */
function linearExposure(image: HdrImage, relativeTime: number, gamma: number): HdrImage {
  const colour = image.channels === 4 ? 3 : image.channels;
  const out = new Float32Array(image.width * image.height * colour);
  for (let p = 0, o = 0; p < image.width * image.height; p++) {
    for (let c = 0; c < colour; c++, o++) out[o] = Math.pow(Math.min(1, Math.max(0, image.data[p * image.channels + c]!)), gamma) / relativeTime;
  }
  return createHdrImage(image.width, image.height, colour as 1 | 3, out);
}

/** The reference exposure alone, linearised: what a fusion network must beat by using the other exposures. */
export const referenceExposureBaseline: Baseline = {
  id: 'reference-exposure',
  version: '1',
  describe: 'the reference (middle) exposure alone, linearised with the camera gamma, in the bracket models\' units',
  kind: 'bracket',
  reconstruct(input) {
    const { bracket, gamma } = bracketInput('reference-exposure', input);
    const shortest = bracket.exposures[0]!.time;
    const reference = bracket.exposures[referenceIndex(bracket)]!;
    return { image: linearExposure(reference.image, reference.time / shortest, gamma), signature: { id: 'reference-exposure', version: '1', params: { gamma } } };
  },
};

function codes(image: HdrImage): Ldr8Image {
  const colour = image.channels === 4 ? 3 : image.channels;
  const data = new Uint8Array(image.width * image.height * colour);
  for (let p = 0, o = 0; p < image.width * image.height; p++) {
    for (let c = 0; c < colour; c++, o++) data[o] = Math.round(Math.min(1, Math.max(0, image.data[p * image.channels + c]!)) * 255);
  }
  return { width: image.width, height: image.height, channels: colour as 1 | 3, data };
}

/**
 * Debevec-Malik merge of the unaligned exposures with the known gamma response: every moving object ghosts,
 * which is exactly what a fusion network is there to remove. Code 0 maps to half a code so the log stays finite.
 */
export const debevecMergeBaseline: Baseline = {
  id: 'debevec-merge',
  version: '1',
  describe: 'Debevec-Malik merge of the exposures without alignment (gamma response), in the bracket models\' units',
  kind: 'bracket',
  reconstruct(input) {
    const { bracket, gamma } = bracketInput('debevec-merge', input);
    const images = bracket.exposures.map((exposure) => codes(exposure.image));
    const curve = Float64Array.from({ length: 256 }, (_, z) => Math.pow(Math.max(z, 0.5) / 255, gamma));
    const response = responseFromLinear(Array.from({ length: images[0]!.channels }, () => curve));
    const shortest = bracket.exposures[0]!.time;
    const image = mergeDebevec({ images, times: bracket.exposures.map((exposure) => exposure.time / shortest) }, response);
    return { image, signature: { id: 'debevec-merge', version: '1', params: { gamma } } };
  },
};

export const BRACKET_BASELINES: readonly Baseline[] = [referenceExposureBaseline, debevecMergeBaseline];
