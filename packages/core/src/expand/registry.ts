import { createHdrImage, type HdrImage } from '../image/hdr-image.js';
import { ParamError, resolveParams, type ParamValues } from '../params/params.js';
import { akyuz07 } from './akyuz07.js';
import { removeSpecials } from './change-luminance.js';
import { huo13 } from './huo13.js';
import { huo14 } from './huo14.js';
import { checkDisplayRange, clampToDisplayRange, type OutOfRangePolicy } from './input-range.js';
import { kovaleski14 } from './kovaleski14.js';
import { landis02 } from './landis02.js';
import { linearise } from './linear-input.js';
import { masia09, masia17 } from './masia.js';
import type { ExpansionOperator, ExpansionParamSpecs } from './operator.js';

/** Every expansion operator, by id. A new operator is added here and nowhere else. */
const OPERATORS: readonly ExpansionOperator[] = [akyuz07, landis02, huo13, huo14, kovaleski14, masia09, masia17] as unknown as ExpansionOperator[];

export const EXPANSION_OPERATOR_IDS = OPERATORS.map((operator) => operator.id);

/** How an expanded image was made: enough to reproduce it. */
export interface ExpansionSignature {
  readonly id: string;
  readonly version: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
}

export interface ExpandOptions {
  /** 'error' (default): an ExpansionInputError for any colour sample outside [0, 1] or not finite; 'clamp': clamp them first (NaN to 0). */
  readonly outOfRange?: OutOfRangePolicy;
}

export interface ExpansionResult {
  readonly image: HdrImage;
  readonly signature: ExpansionSignature;
  /** Colour samples that `outOfRange: 'clamp'` changed; always 0 otherwise. */
  readonly clampedSamples: number;
}

export function expansionOperator(id: string): ExpansionOperator {
  const operator = OPERATORS.find((candidate) => candidate.id === id);
  if (!operator) throw new ParamError('expand', `unknown operator '${id}'; known: ${EXPANSION_OPERATOR_IDS.join(', ')}`);
  return operator;
}

/** Largest finite float32: a float64 result beyond it is stored as this rather than as infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Expands a display-encoded LDR image (grey, RGB or RGBA, values in [0, 1]) to linear HDR, with defaults
 * filled in and every parameter checked. The operator works in float64 on the colour channels; samples it
 * leaves NaN or infinite (0 / 0 at black pixels, a constant image's empty range) become 0, the convention
 * of HDR Toolbox, and the result is rounded to float32 with overflow held at the largest float32. Alpha is
 * carried over unchanged.
 */
export function expand(image: HdrImage, id: string, params: Readonly<Record<string, unknown>> = {}, options: ExpandOptions = {}): ExpansionResult {
  const operator = expansionOperator(id);
  const resolved = resolveParams({ kind: 'expand', id: operator.id }, operator.params, params) as ParamValues<ExpansionParamSpecs>;
  let input = image;
  let clampedSamples = 0;
  if (options.outOfRange === 'clamp') ({ image: input, clamped: clampedSamples } = clampToDisplayRange(image));
  else checkDisplayRange(image);
  const expanded = operator.expand(linearise(input, resolved.gammaRemoval), resolved);
  return {
    image: toHdrImage(input, expanded),
    signature: { id: operator.id, version: operator.version, params: resolved },
    clampedSamples,
  };
}

function toHdrImage(input: HdrImage, expanded: Float64Array): HdrImage {
  const { width, height, channels } = input;
  const out = createHdrImage(width, height, channels);
  const colours = channels === 1 ? 1 : 3;
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < colours; c++) out.data[p * channels + c] = Math.min(removeSpecials(expanded[p * colours + c]!), FLOAT32_MAX);
    if (channels === 4) out.data[p * 4 + 3] = input.data[p * 4 + 3]!;
  }
  return out;
}
