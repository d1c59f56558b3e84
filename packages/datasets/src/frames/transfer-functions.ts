/**
 * The transfer functions of video signals, as the standards define them. Inputs are non-linear signal
 * values E' in [0, 1] (full range); outputs are linear light.
 */

/** Peak luminance of the PQ signal: E' = 1 means 10000 cd/m2 (SMPTE ST 2084). */
export const PQ_PEAK_NITS = 10000;

const PQ_M1 = 2610 / 16384;
const PQ_M2 = (2523 / 4096) * 128;
const PQ_C1 = 3424 / 4096;
const PQ_C2 = (2413 / 4096) * 32;
const PQ_C3 = (2392 / 4096) * 32;

/** SMPTE ST 2084 EOTF: signal -> absolute luminance in cd/m2. The curve is undefined outside [0, 1], so the signal is clipped. */
export function pqEotf(signal: number): number {
  const p = Math.pow(Math.min(Math.max(signal, 0), 1), 1 / PQ_M2);
  return PQ_PEAK_NITS * Math.pow(Math.max(p - PQ_C1, 0) / (PQ_C2 - PQ_C3 * p), 1 / PQ_M1);
}

/** SMPTE ST 2084 inverse EOTF: absolute luminance in cd/m2 -> signal. */
export function pqInverseEotf(nits: number): number {
  const y = Math.pow(Math.min(Math.max(nits / PQ_PEAK_NITS, 0), 1), PQ_M1);
  return Math.pow((PQ_C1 + PQ_C2 * y) / (1 + PQ_C3 * y), PQ_M2);
}

const HLG_A = 0.17883277;
const HLG_B = 1 - 4 * HLG_A;
const HLG_C = 0.5 - HLG_A * Math.log(4 * HLG_A);

/** BT.2100 HLG OETF: normalised scene light E in [0, 1] -> signal. */
export function hlgOetf(scene: number): number {
  const e = Math.max(scene, 0);
  return e <= 1 / 12 ? Math.sqrt(3 * e) : HLG_A * Math.log(12 * e - HLG_B) + HLG_C;
}

/** BT.2100 HLG inverse OETF: signal -> normalised scene light (1 at E' = 1; super-whites above 1 extend the curve). */
export function hlgInverseOetf(signal: number): number {
  const e = Math.max(signal, 0);
  return e <= 0.5 ? (e * e) / 3 : (Math.exp((e - HLG_C) / HLG_A) + HLG_B) / 12;
}

/** BT.2100 HLG system gamma for a display of nominal peak `peakNits` (1.2 at 1000 cd/m2). */
export function hlgSystemGamma(peakNits: number): number {
  return 1.2 + 0.42 * Math.log10(peakNits / 1000);
}

/**
 * BT.2020's exact constants of the BT.709 curve (BT.709 rounds them to 1.099 and 0.018, which leaves a
 * 0.3% step where the linear and power segments meet).
 */
const BT709_ALPHA = 1.09929682680944;
const BT709_BETA = 0.018053968510807;

/** BT.709 (and BT.601 / BT.2020) inverse OETF: signal -> relative scene light, 1 at E' = 1. */
export function bt709InverseOetf(signal: number): number {
  const e = Math.max(signal, 0);
  return e < 4.5 * BT709_BETA ? e / 4.5 : Math.pow((e + BT709_ALPHA - 1) / BT709_ALPHA, 1 / 0.45);
}
