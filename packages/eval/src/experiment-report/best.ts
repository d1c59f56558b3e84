/**
 * Which entries of a column are the best. Values are compared as displayed (rounded to `digits`), so two
 * variants that print the same number are both marked rather than one winning on an invisible digit.
 * Non-finite values (a metric that failed, an identical pair's infinite PSNR) never win.
 */
export function markBest(values: readonly (number | undefined)[], higherIsBetter: boolean, digits: number): boolean[] {
  const rounded = values.map((value) => (value !== undefined && Number.isFinite(value) ? Number(value.toFixed(digits)) : undefined));
  const candidates = rounded.filter((value): value is number => value !== undefined);
  if (candidates.length === 0) return values.map(() => false);
  const best = higherIsBetter ? Math.max(...candidates) : Math.min(...candidates);
  return rounded.map((value) => value === best);
}
