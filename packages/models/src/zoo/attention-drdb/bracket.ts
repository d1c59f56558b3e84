import type { HdrImage } from '@hdr-lab/core';
import type { Bracket } from '../../registry/model.js';
import type { LdrExposure } from './inputs.js';

/** The RGB planes of an image (a fourth, alpha, channel is dropped). */
export function rgbOf(image: HdrImage, what: string): Float32Array {
  const { width, height, channels, data } = image;
  if (channels === 3) return data;
  if (channels !== 4) throw new Error(`attention-drdb: ${what} must be RGB, got ${channels} channel(s); expand grey to RGB first`);
  const out = new Float32Array(width * height * 3);
  for (let p = 0; p < width * height; p++) for (let c = 0; c < 3; c++) out[p * 3 + c] = data[p * 4 + c]!;
  return out;
}

/**
 * The bracket's exposures, checked: three RGB LDR images (shortest first, the medium one the reference) of
 * one size with positive, strictly increasing exposure times.
 */
export function checkedExposures(bracket: Bracket): LdrExposure[] {
  const { exposures } = bracket;
  if (exposures.length !== 3) throw new Error(`attention-drdb: a bracket needs 3 exposures (short, medium, long), got ${exposures.length}; pass exactly three`);
  const { width, height } = exposures[1]!.image;
  return exposures.map((exposure, index) => {
    const { image, time } = exposure;
    if (image.channels !== 3) throw new Error(`attention-drdb: exposure ${index} has ${image.channels} channel(s); pass RGB LDR images in [0, 1]`);
    if (image.width !== width || image.height !== height) {
      throw new Error(`attention-drdb: exposure ${index} is ${image.width}x${image.height} but the reference (exposure 1) is ${width}x${height}; resize or crop them to one size`);
    }
    if (!(Number.isFinite(time) && time > 0)) throw new Error(`attention-drdb: exposure ${index} has time ${time}; exposure times must be positive numbers`);
    if (index > 0 && !(time > exposures[index - 1]!.time)) {
      throw new Error(`attention-drdb: exposure times must increase (shortest first), got ${exposures.map((e) => e.time).join(', ')}; sort the exposures`);
    }
    return { width, height, data: image.data, time };
  });
}
