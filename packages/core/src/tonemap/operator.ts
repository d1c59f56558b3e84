import type { HdrImage } from '../image/hdr-image.js';
import type { ParamSpecs, ParamValues } from '../params/params.js';

/**
 * A tone-mapping operator as the registry holds it. `version` changes whenever the numbers it produces
 * change, so a score's signature says exactly which operator made it. Through `toneMap`, `fit` and `apply`
 * only ever see finite samples (NaN and infinities are refused); for those they must return finite samples,
 * whatever the negatives, zeros or extremes in them, and flag any input they had to take as something
 * else. Each operator's doc comment says what it does with negatives, zeros and extremes.
 */
export interface ToneMapOperator<S extends ParamSpecs = ParamSpecs> {
  readonly id: string;
  readonly version: string;
  readonly describe: string;
  /** What the input must be, e.g. linear scene-referred HDR at any positive scale. */
  readonly inputDomain: string;
  /** What the output is, e.g. display-linear luminance in [0, 1]. */
  readonly outputRange: string;
  /** True when the output is already display-encoded (exposure, mu-law); false for display-linear output that needs gamma. */
  readonly encoded: boolean;
  readonly params: S;
  /**
   * The image statistics an adaptive operator derives its curve from (log-average, white point,
   * percentiles...). Absent for fixed curves.
   */
  fit?(image: HdrImage, params: ParamValues<S>): ToneMapStatistics;
  /** Maps with the given statistics, by default the image's own. */
  apply(image: HdrImage, params: ParamValues<S>, statistics?: ToneMapStatistics): ToneMapOutput;
}

/** A mapped image and what was done to its input on the way, e.g. `negative-clamped:N`. */
export interface ToneMapOutput {
  readonly image: HdrImage;
  readonly flags: readonly string[];
}

/**
 * The flag of `count` negative inputs taken as 0: colour samples (`negative-clamped`) or pixel luminances
 * (`negative-luminance-clamped`). None when there were none.
 */
export function negativeFlags(unit: 'sample' | 'luminance', count: number): string[] {
  if (count === 0) return [];
  return [`${unit === 'sample' ? 'negative-clamped' : 'negative-luminance-clamped'}:${count}`];
}

/** Numbers an adaptive operator's curve is fitted to; another image's can be imposed (tmo.stats = from-reference). */
export type ToneMapStatistics = Readonly<Record<string, number>>;

/** Keeps a literal operator's parameter types while checking it against the interface. */
export function defineToneMapOperator<S extends ParamSpecs>(operator: ToneMapOperator<S>): ToneMapOperator<S> {
  return operator;
}
