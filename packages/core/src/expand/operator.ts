import type { ParamSpec, ParamSpecs, ParamValues } from '../params/params.js';
import type { LinearInput } from './linear-input.js';

/**
 * Every expansion operator takes display-encoded input and removes the encoding itself, as HDR Toolbox
 * does, so that a signature records which decoding the numbers assume.
 */
export const GAMMA_REMOVAL_PARAM = {
  type: 'number',
  default: 2.2,
  max: 10,
  describe: 'the input is linearised as value^gammaRemoval; 0 or less: the input is already linear',
} as const satisfies ParamSpec;

export type ExpansionParamSpecs = ParamSpecs & { readonly gammaRemoval: typeof GAMMA_REMOVAL_PARAM };

/**
 * An expansion operator (inverse tone mapping: one LDR image to linear HDR) as the registry holds it.
 * `version` changes whenever the numbers it produces change.
 */
export interface ExpansionOperator<S extends ExpansionParamSpecs = ExpansionParamSpecs> {
  readonly id: string;
  readonly version: string;
  readonly describe: string;
  /** The paper the operator implements. */
  readonly reference: string;
  /** What the output is, e.g. luminance in cd/m^2 up to `maxOutput`. */
  readonly outputRange: string;
  readonly params: S;
  /**
   * Linear colour of the expanded image, `input.colours` interleaved samples per pixel. NaN and infinite
   * samples are allowed here: the registry turns them into 0.
   */
  expand(input: LinearInput, params: ParamValues<S>): Float64Array;
}

/** Keeps a literal operator's parameter types while checking it against the interface. */
export function defineExpansionOperator<S extends ExpansionParamSpecs>(operator: ExpansionOperator<S>): ExpansionOperator<S> {
  return operator;
}
