import type { LinearInput } from './linear-input.js';

/**
 * Gives every pixel the luminance `target` while keeping its chromaticity: C * target / L for colour
 * input (multiplied before dividing, as HDR Toolbox does), `target` itself for grey input. A black pixel
 * gives 0 / 0 here; the registry turns such samples into 0.
 */
export function changeLuminance(input: LinearInput, target: Float64Array): Float64Array {
  if (input.colours === 1) return target.slice();
  const { values, luminance } = input;
  const out = new Float64Array(values.length);
  for (let p = 0, i = 0; p < luminance.length; p++, i += 3) {
    const l = target[p]!;
    const old = luminance[p]!;
    out[i] = (values[i]! * l) / old;
    out[i + 1] = (values[i + 1]! * l) / old;
    out[i + 2] = (values[i + 2]! * l) / old;
  }
  return out;
}

/** NaN and infinities become 0, as HDR Toolbox's RemoveSpecials does with no clamping value. */
export function removeSpecials(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
