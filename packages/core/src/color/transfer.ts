/**
 * Pure power-law transfer ("gamma 2.2" and the like), as used by displays that do not follow the sRGB
 * piecewise curve. Negative inputs are mirrored (sign-preserving) so the curve stays monotonic.
 */

/** Linear light -> value encoded with exponent 1 / `gamma`. */
export function gammaEncode(linear: number, gamma: number): number {
  return linear < 0 ? -Math.pow(-linear, 1 / gamma) : Math.pow(linear, 1 / gamma);
}

/** Value encoded with exponent 1 / `gamma` -> linear light. */
export function gammaDecode(encoded: number, gamma: number): number {
  return encoded < 0 ? -Math.pow(-encoded, gamma) : Math.pow(encoded, gamma);
}
