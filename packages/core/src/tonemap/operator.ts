import type { HdrImage } from '../image/hdr-image.js';
import type { ParamSpecs, ParamValues } from '../params/params.js';

/**
 * A tone-mapping operator as the registry holds it. `version` changes whenever the numbers it produces
 * change, so a score's signature says exactly which operator made it.
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
  apply(image: HdrImage, params: ParamValues<S>, statistics?: ToneMapStatistics): HdrImage;
}

/** Numbers an adaptive operator's curve is fitted to; another image's can be imposed (tmo.stats = from-reference). */
export type ToneMapStatistics = Readonly<Record<string, number>>;

/** Keeps a literal operator's parameter types while checking it against the interface. */
export function defineToneMapOperator<S extends ParamSpecs>(operator: ToneMapOperator<S>): ToneMapOperator<S> {
  return operator;
}
