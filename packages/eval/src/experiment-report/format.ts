/** Number and name formatting shared by the Markdown and HTML renderers, so both show the same digits. */
import { formatValue } from '../reports/number-format.js';

export { digitsFor, formatValue } from '../reports/number-format.js';

/**
 * `mean ± std` at the metric's digits. A standard deviation that is NaN (fewer than two images) is left
 * out rather than shown as "± NaN", which would read as a broken run.
 */
export function formatMeanStd(mean: number, std: number, digits: number): string {
  const text = formatValue(mean, digits);
  return Number.isNaN(std) ? text : `${text} ± ${formatValue(std, digits)}`;
}

/** ` dB` for the PSNR family, nothing for the unitless scores. */
export const metricUnit = (metric: string) => (metric.toLowerCase().includes('psnr') ? ' dB' : '');

/** `+2 EV`, `0 EV`, `-1.5 EV`. */
export function formatStops(stops: number): string {
  const magnitude = Number(Math.abs(stops).toFixed(3)).toString();
  if (stops === 0) return '0 EV';
  return `${stops > 0 ? '+' : '-'}${magnitude} EV`;
}

/** A file-name-safe form of a name: letters, digits, `.`, `_` and `-` kept, the rest turned into `_`. */
export function slug(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '');
  return cleaned || 'item';
}

/** Slugs that stay distinct when two names clean to the same text, by suffixing `-2`, `-3`, ... */
export function uniqueSlugs(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = slug(name);
    let candidate = base;
    for (let index = 2; used.has(candidate.toLowerCase()); index++) candidate = `${base}-${index}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and XML element content and attribute values alike. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ENTITIES[character]!);
}
