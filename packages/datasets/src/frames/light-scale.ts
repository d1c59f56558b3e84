import { hlgSystemGamma, PQ_PEAK_NITS } from './transfer-functions.js';
import type { TransferId } from './transfers.js';

/** Default HLG display: nominal peak 1000 cd/m2, the BT.2100 reference, for which the system gamma is 1.2. */
export const DEFAULT_HLG_PEAK_NITS = 1000;
/** Luminance assumed for relative value 1 of SDR and linear signals (the usual SDR reference white). */
export const DEFAULT_REFERENCE_WHITE_NITS = 100;

/** What a linear sample value means; written into every manifest line. */
export interface LightScale {
  readonly units: 'cd/m2' | 'relative';
  /** Linear value of the signal's nominal maximum (E' = 1), in `units`; absent for linear sources, which have none. */
  readonly peak?: number;
  /** For relative units: the luminance (cd/m2) assumed for 1.0; for HLG: none (the OOTF gives cd/m2). */
  readonly referenceWhite?: number;
  /** For HLG: the BT.2100 OOTF settings used (display peak L_W, black L_B and system gamma). */
  readonly hlg?: { readonly nominalPeak: number; readonly blackLevel: number; readonly systemGamma: number };
}

export interface LightScaleOptions {
  readonly hlgPeak?: number;
  readonly referenceWhite?: number;
}

/** The meaning of linear values after inverting `transfer`. */
export function lightScale(transfer: TransferId, options: LightScaleOptions = {}): LightScale {
  switch (transfer) {
    case 'pq':
      return { units: 'cd/m2', peak: PQ_PEAK_NITS };
    case 'hlg': {
      const nominalPeak = options.hlgPeak ?? DEFAULT_HLG_PEAK_NITS;
      return { units: 'cd/m2', peak: nominalPeak, hlg: { nominalPeak, blackLevel: 0, systemGamma: hlgSystemGamma(nominalPeak) } };
    }
    default:
      return { units: 'relative', peak: 1, referenceWhite: options.referenceWhite ?? DEFAULT_REFERENCE_WHITE_NITS };
  }
}
