import type { HdrImage } from '../image/hdr-image.js';
import { exposure } from './exposure.js';
import { assertFiniteSamples } from './finite-samples.js';
import { kimkautz08 } from './kimkautz08.js';
import { muLaw } from './mu-law.js';
import type { ToneMapOperator, ToneMapOutput } from './operator.js';
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

/** What {@link toneMap} returns: the operator's image and flags, and how they were made. */
export interface ToneMapResult extends ToneMapOutput {
  readonly signature: ToneMapSignature;
}

const FLAG_WORDS: Readonly<Record<string, (count: string) => string>> = {
  'negative-clamped': (count) => `${count} negative value${count === '1' ? '' : 's'} clamped to 0`,
  'negative-luminance-clamped': (count) => `${count} pixel${count === '1' ? '' : 's'} of negative luminance taken as 0 (black)`,
};

/** A tone-mapping flag in words, for a command-line note. */
export function describeToneMapFlag(flag: string): string {
  const [name = '', count = ''] = flag.split(':');
  return FLAG_WORDS[name]?.(count) ?? flag;
}

/**
 * Tone-maps with defaults filled in and every parameter checked; returns the image, its signature and the
 * operator's flags. `statisticsFrom` fits an adaptive operator to another image (e.g. the reference of a
 * metric), so that a global exposure error of `image` is not normalised away.
 *
 * NaN or infinite samples (alpha included) in `image` or `statisticsFrom` are refused with a
 * NonFiniteSampleError naming their count and the first, since no curve maps them to anything meaningful.
 * An output that is not finite (e.g. an HDR Toolbox variant whose estimated white point lies far below an
 * extreme outlier) is refused the same way rather than passed on.
 */
export function toneMap(
  image: HdrImage,
  id: string,
  params: Readonly<Record<string, unknown>> = {},
  options: { statisticsFrom?: HdrImage } = {},
): ToneMapResult {
  const operator = toneMapOperator(id);
  const resolved = resolveParams({ kind: 'tonemap', id: operator.id }, operator.params, params);
  assertFiniteSamples(image, `tonemap.${operator.id} input`);
  const from = options.statisticsFrom;
  if (from) assertFiniteSamples(from, `tonemap.${operator.id} statistics image`);
  const statistics = from && operator.fit ? operator.fit(from, resolved) : undefined;
  const { image: mapped, flags } = operator.apply(image, resolved, statistics);
  assertFiniteSamples(mapped, `tonemap.${operator.id} output`);
  return { image: mapped, signature: { id: operator.id, version: operator.version, params: resolved }, flags };
}
