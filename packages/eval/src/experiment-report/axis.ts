/** Axis ranges and tick positions for the loss charts. */

export interface Axis {
  readonly min: number;
  readonly max: number;
  readonly ticks: readonly number[];
  readonly log: boolean;
}

/** Smallest and largest finite value, by a loop: a long training curve is too many arguments for Math.min(...). */
export function finiteExtent(values: readonly number[]): { min: number; max: number; count: number } {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
    count++;
  }
  return { min, max, count };
}

/** Log scale once the positive values span more than two decades; any zero or negative value rules it out. */
export function usesLogScale(values: readonly number[]): boolean {
  const { min, max, count } = finiteExtent(values);
  return count >= 2 && min > 0 && max / min > 100;
}

/** The step among 1, 2 and 5 times a power of ten that cuts `span` into about `count` intervals. */
function niceStep(span: number, count: number, integer: boolean): number {
  const raw = span / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const fraction = raw / power;
  const step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
  return integer ? Math.max(1, Math.round(step)) : step;
}

/** Removes the binary noise of `k * step` (0.30000000000000004) so the labels print as typed. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * A linear axis from a multiple of a nice step at or below `min` to one at or above `max`. A single value is
 * widened by a tenth of itself (or by 1 around zero) so it is drawn mid-height instead of dividing by zero.
 */
export function linearAxis(min: number, max: number, options: { count?: number; integer?: boolean } = {}): Axis {
  let low = min;
  let high = max;
  if (low === high) {
    const pad = low === 0 ? 1 : Math.abs(low) / 10;
    low -= pad;
    high += pad;
  }
  const step = niceStep(high - low, options.count ?? 5, options.integer ?? false);
  const start = Math.floor(low / step);
  const end = Math.ceil(high / step);
  const ticks: number[] = [];
  for (let k = start; k <= end; k++) ticks.push(clean(k * step));
  return { min: ticks[0]!, max: ticks[ticks.length - 1]!, ticks, log: false };
}

/** A log axis over whole decades, every decade ticked, or every k-th when more than eight would crowd it. */
export function logAxis(min: number, max: number): Axis {
  const low = Math.floor(Math.log10(min));
  const high = Math.max(Math.ceil(Math.log10(max)), low + 1);
  const every = Math.ceil((high - low) / 8);
  const ticks: number[] = [];
  for (let exponent = low; exponent <= high; exponent += every) ticks.push(Math.pow(10, exponent));
  return { min: Math.pow(10, low), max: Math.pow(10, high), ticks, log: true };
}

/** Where `value` falls on the axis, 0 at its minimum and 1 at its maximum. */
export function axisFraction(axis: Axis, value: number): number {
  if (axis.log) return (Math.log10(value) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min));
  return (value - axis.min) / (axis.max - axis.min);
}

/** Short tick labels: plain decimals in the middle range, `1e-4` style outside it. */
export function tickLabel(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return Number(value.toPrecision(3)).toExponential().replace('e+', 'e');
  return String(clean(value));
}
