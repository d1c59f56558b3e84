/** 'EV +2', 'EV 0', 'bias -1.5': signed so that a list of labels reads as the exposures' order. */
export function stopsLabel(prefix: string, stops: number): string {
  return `${prefix} ${stops > 0 ? '+' : ''}${stops}`;
}
