/**
 * Rounds halves away from zero, as MATLAB's round does; Math.round sends -2.5 to -2. The bilateral grid's
 * cell indices and the percentile index must round the same way as the published code.
 */
export function roundHalfAway(value: number): number {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}
