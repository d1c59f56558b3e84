/**
 * Conversions between integer code values and the [0, 1] floats of an LdrImage: code / (2^bits - 1) on
 * the way in (exact enough that rounding back always restores the code), clip-and-round on the way out.
 */

let unitFrom8: Float32Array | undefined;
let unitFrom16: Float32Array | undefined;

function unitTable(bitDepth: 8 | 16): Float32Array {
  const existing = bitDepth === 8 ? unitFrom8 : unitFrom16;
  if (existing) return existing;
  const max = bitDepth === 8 ? 255 : 65535;
  const table = new Float32Array(max + 1);
  for (let code = 0; code <= max; code++) table[code] = code / max;
  if (bitDepth === 8) unitFrom8 = table;
  else unitFrom16 = table;
  return table;
}

/** Code values -> floats in [0, 1]. */
export function codesToUnit(codes: Uint8Array | Uint16Array): Float32Array {
  const table = unitTable(codes instanceof Uint8Array ? 8 : 16);
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = table[codes[i]];
  return out;
}

/** Floats -> nearest code values, clipped to [0, 1] first; NaN becomes 0. */
export function unitToCodes(values: Float32Array, bitDepth: 8 | 16): Uint8Array | Uint16Array {
  const max = bitDepth === 8 ? 255 : 65535;
  const out = bitDepth === 8 ? new Uint8Array(values.length) : new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v > 0 ? (v < 1 ? Math.round(v * max) : max) : 0;
  }
  return out;
}
