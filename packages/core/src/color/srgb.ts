/**
 * sRGB transfer function per IEC 61966-2-1: a linear segment near black joined to a 2.4 power curve.
 * Inputs outside [0, 1] are not clipped: below the threshold the linear segment extends (so negative
 * values stay negative and the curve stays monotonic), above 1 the power segment extends. Clip first
 * where a display range is wanted.
 */

/** Linear-light value at which the encoding switches from the linear segment to the power curve. */
export const SRGB_LINEAR_THRESHOLD = 0.0031308;
/** Encoded value at which decoding switches from the linear segment to the power curve (12.92 x threshold). */
export const SRGB_ENCODED_THRESHOLD = 0.04045;

/** Linear light -> sRGB-encoded value. */
export function srgbEncode(linear: number): number {
  return linear <= SRGB_LINEAR_THRESHOLD ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
}

/** sRGB-encoded value -> linear light. */
export function srgbDecode(encoded: number): number {
  return encoded <= SRGB_ENCODED_THRESHOLD ? encoded / 12.92 : Math.pow((encoded + 0.055) / 1.055, 2.4);
}

function checkOutput(input: Float32Array, output: Float32Array): void {
  if (output.length !== input.length) {
    throw new RangeError(`output holds ${output.length} samples, input ${input.length}`);
  }
}

/** Encodes every sample; writes into `output` when given (it may be `input` itself), else a new array. */
export function srgbEncodeArray(input: Float32Array, output: Float32Array = new Float32Array(input.length)): Float32Array {
  checkOutput(input, output);
  for (let i = 0; i < input.length; i++) output[i] = srgbEncode(input[i]);
  return output;
}

/** Decodes every sample; writes into `output` when given (it may be `input` itself), else a new array. */
export function srgbDecodeArray(input: Float32Array, output: Float32Array = new Float32Array(input.length)): Float32Array {
  checkOutput(input, output);
  for (let i = 0; i < input.length; i++) output[i] = srgbDecode(input[i]);
  return output;
}
