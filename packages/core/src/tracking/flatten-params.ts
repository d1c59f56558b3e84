import { MAX_PARAM_VALUE_LENGTH } from './keys.js';

/**
 * Flattens a resolved config into MLflow params: nested keys joined with `.`, array items by index
 * (`layers.0.width`), values as strings (`null` as `null`), each cut to MLflow's 6000-character limit so that
 * a long value never makes the whole batch fail. An empty object or array is kept as `{}` / `[]` so the key
 * still records that it was set.
 */
export function flattenParams(value: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  visit(value, prefix, out);
  return out;
}

function visit(value: unknown, key: string, out: Record<string, string>): void {
  if (Array.isArray(value) || isPlainObject(value)) {
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    if (entries.length === 0 && key) {
      out[key] = Array.isArray(value) ? '[]' : '{}';
      return;
    }
    for (const [child, item] of entries) visit(item, key ? `${key}.${child}` : child, out);
    return;
  }
  if (!key) return;
  out[key] = stringify(value).slice(0, MAX_PARAM_VALUE_LENGTH);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value) ?? String(value);
  return String(value);
}
