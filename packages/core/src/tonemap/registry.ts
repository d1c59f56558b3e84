import type { HdrImage } from '../image/hdr-image.js';
import { exposure } from './exposure.js';
import { kimkautz08 } from './kimkautz08.js';
import { muLaw } from './mu-law.js';
import type { ToneMapOperator } from './operator.js';
import { resolveParams, ParamError, type ParamSpecs } from '../params/params.js';
import { reinhard02 } from './reinhard02.js';

/** Every tone-mapping operator, by id. A new operator is added here and nowhere else. */
const OPERATORS: readonly ToneMapOperator<ParamSpecs>[] = [reinhard02, kimkautz08, muLaw, exposure] as unknown as ToneMapOperator<ParamSpecs>[];

export const TONE_MAP_OPERATOR_IDS = OPERATORS.map((operator) => operator.id);

/** How an output was made: enough to reproduce it, and recorded with every score that uses it. */
export interface ToneMapSignature {
  readonly id: string;
  readonly version: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
}

export function toneMapOperator(id: string): ToneMapOperator<ParamSpecs> {
  const operator = OPERATORS.find((candidate) => candidate.id === id);
  if (!operator) throw new ParamError('tonemap', `unknown operator '${id}'; known: ${TONE_MAP_OPERATOR_IDS.join(', ')}`);
  return operator;
}

/**
 * Tone-maps with defaults filled in and every parameter checked; returns the image and its signature.
 * `statisticsFrom` fits an adaptive operator to another image (e.g. the reference of a metric), so that
 * a global exposure error of `image` is not normalised away.
 */
export function toneMap(
  image: HdrImage,
  id: string,
  params: Readonly<Record<string, unknown>> = {},
  options: { statisticsFrom?: HdrImage } = {},
): { image: HdrImage; signature: ToneMapSignature } {
  const operator = toneMapOperator(id);
  const resolved = resolveParams({ kind: 'tonemap', id: operator.id }, operator.params, params);
  const statistics = options.statisticsFrom && operator.fit ? operator.fit(options.statisticsFrom, resolved) : undefined;
  return {
    image: operator.apply(image, resolved, statistics),
    signature: { id: operator.id, version: operator.version, params: resolved },
  };
}
