import type { VariantResult } from './types.js';

export const isBaseline = (variant: Pick<VariantResult, 'role'>) => variant.role === 'baseline';

/**
 * The order every table, figure and per-image column uses: baselines first, so a reader sees the bar a
 * trained model has to clear before the models, then the variants; each group keeps the input's order.
 */
export function displayOrder<T extends Pick<VariantResult, 'role'>>(variants: readonly T[]): T[] {
  return [...variants.filter(isBaseline), ...variants.filter((variant) => !isBaseline(variant))];
}

/** A name as a table's row or column label: `identity (baseline)`, `rec (failed)`, `akyuz07 (baseline, failed)`. */
export function rowLabel(variant: Pick<VariantResult, 'name' | 'role' | 'status'>): string {
  const tags = [...(isBaseline(variant) ? ['baseline'] : []), ...(variant.status === 'completed' ? [] : ['failed'])];
  return tags.length > 0 ? `${variant.name} (${tags.join(', ')})` : variant.name;
}

/** A figure or per-image column's label: a baseline's name tagged as one, anything else as it is. */
export function columnLabel(variants: readonly Pick<VariantResult, 'name' | 'role'>[]): (column: string) => string {
  const baselines = new Set(variants.filter(isBaseline).map((variant) => variant.name));
  return (column) => (baselines.has(column) ? `${column} (baseline)` : column);
}
