import { formatValue, metricUnit } from './format.js';
import { beats, shownDifference, type ColumnVerdict, type VariantVerdict } from './verdict.js';

/** `better than identity on rangewise.psnr by +1.84 dB (20 of 24 images)`. */
export function columnPhrase(verdict: ColumnVerdict): string {
  const { column, baseline, difference, digits } = verdict;
  const amount = `${formatValue(Math.abs(difference), digits)}${metricUnit(column)}`;
  const rounded = shownDifference(verdict);
  const head =
    rounded > 0 ? `better than ${baseline} on ${column} by +${amount}` : rounded < 0 ? `worse than ${baseline} on ${column} by -${amount}` : `no different from ${baseline} on ${column}`;
  const details = [
    ...(verdict.images ? [`${verdict.images.better} of ${verdict.images.paired} images`] : []),
    ...(verdict.withinError && rounded !== 0 ? ['within the standard error'] : []),
  ];
  return details.length > 0 ? `${head} (${details.join('; ')})` : head;
}

export type Standing = 'wins' | 'loses' | 'mixed' | 'failed';

/** Whether a variant beats the best baseline on every column it was judged on, on none, or on some. */
export function standing(verdict: VariantVerdict): Standing {
  if (verdict.failed) return 'failed';
  const won = verdict.columns.filter(beats).length;
  if (verdict.columns.length > 0 && won === verdict.columns.length && verdict.unscored.length === 0) return 'wins';
  return won === 0 ? 'loses' : 'mixed';
}

/**
 * One line per variant, its standing first, put bluntly: a trained model that does not beat a model-free
 * reconstruction on any column is the finding of the run, not a detail of it.
 */
export function verdictLine(verdict: VariantVerdict): string {
  if (verdict.failed) return `${verdict.variant}: failed, so it was not compared with the baselines.`;
  const won = verdict.columns.filter(beats).length;
  const total = verdict.columns.length;
  const head = {
    wins: 'beats the best baseline on every column',
    loses: total === 0 ? 'not scored on any column a baseline was scored on' : 'does not beat the best baseline on any column',
    mixed: `beats the best baseline on ${won} of ${total} columns`,
  }[standing(verdict) as Exclude<Standing, 'failed'>];
  const parts = [...verdict.columns.map(columnPhrase), ...verdict.unscored.map((column) => `not scored on ${column}`)];
  return `${verdict.variant}: ${head}${parts.length > 0 ? ` — ${parts.join(', ')}` : ''}.`;
}

/** The report's opening lines: how many variants beat the best baseline everywhere, and where none does. */
export function verdictSummary(verdicts: readonly VariantVerdict[]): string[] {
  if (verdicts.length === 0) return [];
  const failed = verdicts.filter((verdict) => verdict.failed).length;
  const winners = verdicts.filter((verdict) => standing(verdict) === 'wins').length;
  const lines = [
    `${winners} of ${verdicts.length} variant${verdicts.length === 1 ? '' : 's'} beat the best baseline on every column` +
      `${failed > 0 ? ` (${failed} failed)` : ''}.`,
  ];
  const columns = [...new Set(verdicts.flatMap((verdict) => verdict.columns.map((column) => column.column)))];
  const unbeaten = columns.filter((column) => !verdicts.some((verdict) => verdict.columns.some((entry) => entry.column === column && beats(entry))));
  if (unbeaten.length > 0) lines.push(`No variant beats the best baseline on ${unbeaten.join(', ')}.`);
  return lines;
}
