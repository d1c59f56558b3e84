import { formatValue } from './format.js';

/** One row's value in a column: its mean and the standard error of that mean (NaN when unknown). */
export interface Estimate {
  readonly label: string;
  readonly mean: number;
  readonly se: number;
}

export type BestOutcome =
  /** `row` is ahead of every other row by more than the larger of the two standard errors. */
  | { readonly kind: 'win'; readonly row: number }
  /** `row` has the best mean but `rival` is within the larger standard error, `error`, of it (or prints the same). */
  | { readonly kind: 'within-error'; readonly row: number; readonly rival: number; readonly error: number }
  /** `row` has the best mean but there is no spread to tell whether it is ahead of `rival` by more than noise. */
  | { readonly kind: 'no-spread'; readonly row: number; readonly rival: number }
  /** Fewer than two rows have a finite value: nothing to compare. */
  | { readonly kind: 'alone' };

/**
 * The column's best row, and whether its lead is real: a row wins only if its mean is better than every
 * other row's by more than the larger of the two standard errors, and the two also differ as displayed
 * (rounded to `digits`), so no row wins on an invisible digit. The closest rival is checked first, so a
 * column that is not won names the row that stood in the way. Non-finite means (a metric that failed, an
 * identical pair's infinite PSNR) never take part.
 */
export function findBest(estimates: readonly (Estimate | undefined)[], higherIsBetter: boolean, digits: number): BestOutcome {
  const sign = higherIsBetter ? 1 : -1;
  const ranked = estimates
    .flatMap((estimate, row) => (estimate && Number.isFinite(estimate.mean) ? [{ ...estimate, row }] : []))
    .sort((a, b) => sign * (b.mean - a.mean));
  if (ranked.length < 2) return { kind: 'alone' };
  const [top, ...others] = ranked;
  for (const other of others) {
    const error = Math.max(top!.se, other.se);
    if (formatValue(top!.mean, digits) === formatValue(other.mean, digits)) return { kind: 'within-error', row: top!.row, rival: other.row, error };
    if (!Number.isFinite(error)) return { kind: 'no-spread', row: top!.row, rival: other.row };
    if (sign * (top!.mean - other.mean) <= error) return { kind: 'within-error', row: top!.row, rival: other.row, error };
  }
  return { kind: 'win', row: top!.row };
}

/** Per row, whether its cell is bold: only a `win` marks anything. */
export function markBest(outcome: BestOutcome, rows: number): boolean[] {
  return Array.from({ length: rows }, (_, row) => outcome.kind === 'win' && outcome.row === row);
}

export interface ColumnOutcome {
  readonly column: string;
  readonly outcome: BestOutcome;
  readonly estimates: readonly (Estimate | undefined)[];
  readonly digits: number;
}

/**
 * Sentences for under a table saying why a column has nothing in bold: one per column whose top two are
 * within a standard error, naming them, and one for all the columns that have no spread at all.
 */
export function bestNotes(columns: readonly ColumnOutcome[]): string[] {
  const notes: string[] = [];
  const unspread: string[] = [];
  for (const { column, outcome, estimates, digits } of columns) {
    if (outcome.kind === 'no-spread') unspread.push(column);
    if (outcome.kind !== 'within-error') continue;
    const [top, rival] = [estimates[outcome.row]!, estimates[outcome.rival]!];
    const error = Number.isFinite(outcome.error) ? `, standard error ${formatValue(outcome.error, digits)}` : '';
    notes.push(
      `No variant is better than the next by more than its standard error in ${column} ` +
        `(${top.label} ${formatValue(top.mean, digits)} vs ${rival.label} ${formatValue(rival.mean, digits)}${error}), so nothing there is in bold.`,
    );
  }
  if (unspread.length > 0) {
    notes.push(`No spread was recorded in ${unspread.join(', ')} (no standard deviation, no per-image scores), so nothing there is in bold.`);
  }
  return notes;
}
