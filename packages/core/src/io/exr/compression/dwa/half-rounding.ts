/**
 * Float32 -> half rounding from the float's bit pattern, rounding to nearest even like the F16C
 * instruction and Imath's half(float) that OpenEXR uses after its inverse DCT. Taking bits (read through
 * a Uint32Array view of the float block) keeps this branch-light: the decoder calls it for every sample.
 */
export function roundFloatBitsToHalf(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const magnitude = bits & 0x7fffffff;
  if (magnitude >= 0x38800000) {
    if (magnitude >= 0x47800000) {
      return magnitude > 0x7f800000 ? sign | 0x7e00 | ((magnitude >>> 13) & 0x3ff) : sign | 0x7c00;
    }
    // Adding just under half an output ulp, plus its lowest kept bit, rounds ties to even; a carry out of
    // the mantissa correctly bumps the exponent, up to infinity for values from 65520.
    return sign | ((magnitude + 0x0fff + ((magnitude >>> 13) & 1) - 0x38000000) >>> 13);
  }
  if (magnitude <= 0x33000000) return sign;
  const mantissa = (magnitude & 0x7fffff) | 0x800000;
  const shift = 126 - (magnitude >>> 23);
  const kept = mantissa >>> shift;
  const rest = mantissa & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  return sign | (kept + (rest > halfway || (rest === halfway && (kept & 1) === 1) ? 1 : 0));
}
