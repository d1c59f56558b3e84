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
  readonly params: S;
  apply(image: HdrImage, params: ParamValues<S>): HdrImage;
}

/** Keeps a literal operator's parameter types while checking it against the interface. */
export function defineToneMapOperator<S extends ParamSpecs>(operator: ToneMapOperator<S>): ToneMapOperator<S> {
  return operator;
}
