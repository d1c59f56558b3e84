import { muLaw } from '../../losses/mu-law-l1.js';
import type { HdrGanConfig } from './config.js';

export const HDR_GAN_ID = 'hdr-gan';

/** Exposures HDR-GAN fuses; the middle one is the reference. */
export const EXPOSURE_COUNT = 3;

/** The example arrays' and the generator's input names, one per exposure, shortest first. */
export const INPUT_NAMES = ['input1', 'input2', 'input3'] as const;

/** Channels of one exposure's input: its LDR image and its HDR version. */
export const INPUT_CHANNELS = 6;

/** An exposure as both training examples and predict see it: display-referred RGB in [0, 1] and its time. */
export interface ExposureImage {
  readonly image: { readonly width: number; readonly height: number; readonly channels: number; readonly data: Float32Array };
  readonly time: number;
}

/** Throws unless the exposures are three same-sized RGB images with positive, increasing times (shortest first). */
export function checkExposures(exposures: readonly ExposureImage[]): void {
  if (exposures.length !== EXPOSURE_COUNT) {
    throw new Error(`${HDR_GAN_ID}: fuses ${EXPOSURE_COUNT} exposures (short, reference, long), got ${exposures.length}`);
  }
  const { width, height } = exposures[0]!.image;
  exposures.forEach(({ image, time }, index) => {
    if (image.channels !== 3) throw new Error(`${HDR_GAN_ID}: exposure ${index + 1} has ${image.channels} channels; give RGB images`);
    if (image.width !== width || image.height !== height) {
      throw new Error(`${HDR_GAN_ID}: exposure ${index + 1} is ${image.width}x${image.height} but exposure 1 is ${width}x${height}; the exposures must be the same size`);
    }
    if (!(Number.isFinite(time) && time > 0)) throw new Error(`${HDR_GAN_ID}: exposure ${index + 1} has exposure time ${time}; times must be positive`);
    if (index > 0 && !(time > exposures[index - 1]!.time)) {
      throw new Error(`${HDR_GAN_ID}: exposure times must increase (shortest exposure first), got ${exposures.map((exposure) => exposure.time).join(', ')}`);
    }
  });
}

/**
 * The generator's input for each exposure, HWC with 6 channels: X_i = concat[L_i, HDR version of L_i], both
 * mapped by v -> 2v - 1 [C]. The HDR version is H_i = L_i^gamma / t_i with t_i = time_i / time_min (so the
 * shortest exposure's lies in [0, 1], in ground-truth units), or its mu-law T(H_i) with `hdrInput: tonemapped`.
 * Training examples and predict both build their inputs here.
 */
export function exposureInputs(exposures: readonly ExposureImage[], generator: Pick<HdrGanConfig['generator'], 'hdrInput' | 'gamma'>): Float32Array[] {
  checkExposures(exposures);
  const shortest = exposures[0]!.time;
  return exposures.map(({ image, time }) => {
    const t = time / shortest;
    const pixels = image.width * image.height;
    const out = new Float32Array(pixels * INPUT_CHANNELS);
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < 3; c++) {
        const ldr = image.data[p * 3 + c]!;
        const linear = Math.max(0, ldr) ** generator.gamma / t;
        const hdr = generator.hdrInput === 'linear' ? linear : muLaw(linear);
        out[p * INPUT_CHANNELS + c] = 2 * ldr - 1;
        out[p * INPUT_CHANNELS + 3 + c] = 2 * hdr - 1;
      }
    }
    return out;
  });
}
