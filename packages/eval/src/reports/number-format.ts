/** Digits that show a metric's resolution, shared by every table: dB scores to 2 decimals, everything else to 4. */
export function digitsFor(metric: string): number {
  return metric.toLowerCase().includes('psnr') ? 2 : 4;
}

export function formatValue(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Inf' : '-Inf';
  const text = value.toFixed(digits);
  // toFixed keeps the sign of a negative value that rounds to zero; "-0.00" reads as a real difference.
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

