import { gammaDecode, gammaEncode, srgbDecode, srgbEncode } from '@hdr-lab/core';

/**
 * A camera response: sensor exposure in [0, 1] (1 = saturation) to display value in [0, 1], monotonic, with
 * its inverse. Inputs outside [0, 1] are clamped first, since a sensor cannot record them anyway.
 */
export interface CameraCurve {
  readonly name: string;
  /** The numbers that define it, for signatures. */
  readonly record: Readonly<Record<string, number | string>>;
  encode(exposure: number): number;
  /** Smallest exposure that encodes to `value` (values outside the curve's range are clamped to it). */
  decode(value: number): number;
}

function clampUnit(value: number): number {
  return value > 0 ? (value < 1 ? value : 1) : 0;
}

export const linearCurve: CameraCurve = {
  name: 'linear',
  record: { curve: 'linear' },
  encode: clampUnit,
  decode: clampUnit,
};

/** IEC 61966-2-1 (core's sRGB functions). */
export const srgbCurve: CameraCurve = {
  name: 'srgb',
  record: { curve: 'srgb' },
  encode: (exposure) => srgbEncode(clampUnit(exposure)),
  decode: (value) => srgbDecode(clampUnit(value)),
};

/** value = exposure^(1 / gamma), the response the Kalantari-style linearisation L^gamma inverts exactly. */
export function gammaCurve(gamma: number): CameraCurve {
  if (!(gamma > 0) || !Number.isFinite(gamma)) throw new RangeError(`gamma must be a positive number, got ${gamma}`);
  return {
    name: 'gamma',
    record: { curve: 'gamma', gamma },
    encode: (exposure) => gammaEncode(clampUnit(exposure), gamma),
    decode: (value) => gammaDecode(clampUnit(value), gamma),
  };
}

/**
 * HDR-CNN's sigmoidal camera curve (Eilertsen et al. 2017, fitted to the DoRF database of real responses):
 * f(x) = (1 + sigma) x^n / (x^n + sigma), so f(0) = 0 and f(1) = 1; n sets the contrast, sigma the knee.
 * Inverse: x = (sigma y / (1 + sigma - y))^(1 / n).
 */
export function sigmoidCurve(n: number, sigma: number): CameraCurve {
  if (!(n > 0) || !Number.isFinite(n)) throw new RangeError(`sigmoid n must be a positive number, got ${n}`);
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`sigmoid sigma must be a positive number, got ${sigma}`);
  return {
    name: 'sigmoid',
    record: { curve: 'sigmoid', n, sigma },
    encode: (exposure) => {
      const power = Math.pow(clampUnit(exposure), n);
      return ((1 + sigma) * power) / (power + sigma);
    },
    decode: (value) => {
      const y = clampUnit(value);
      return Math.pow((sigma * y) / (1 + sigma - y), 1 / n);
    },
  };
}

/**
 * A measured response: `samples[i]` is the display value at exposure i / (N - 1), linearly interpolated in
 * between. Samples must lie in [0, 1], never decrease and rise overall, which the file loader checks.
 */
export function sampledCurve(samples: readonly number[], record: Readonly<Record<string, number | string>>): CameraCurve {
  const last = samples.length - 1;
  const values = Float64Array.from(samples);
  return {
    name: 'file',
    record,
    encode: (exposure) => {
      const position = clampUnit(exposure) * last;
      const index = Math.min(Math.floor(position), last - 1);
      return values[index] + (position - index) * (values[index + 1] - values[index]);
    },
    decode: (value) => {
      const y = value < values[0] ? values[0] : value > values[last] ? values[last] : value;
      let low = 0;
      let high = last;
      // Smallest index whose sample reaches y, so a flat stretch decodes to its darkest exposure.
      while (low < high) {
        const middle = (low + high) >> 1;
        if (values[middle] < y) low = middle + 1;
        else high = middle;
      }
      if (low === 0) return 0;
      const below = values[low - 1];
      return (low - 1 + (y - below) / (values[low] - below)) / last;
    },
  };
}
