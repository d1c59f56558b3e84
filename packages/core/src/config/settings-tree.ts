import { ConfigError } from './yaml-config.js';

export type SettingsTree = Record<string, unknown>;

export function isSettingsTree(value: unknown): value is SettingsTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets `a.b.c` in a nested plain object, creating groups on the way; a non-group on the way is an error. */
export function setDottedPath(target: SettingsTree, path: string, value: unknown, where: string): void {
  const keys = path.split('.');
  if (keys.some((key) => key === '')) throw new ConfigError(`${where}: '${path}' is not a dotted setting path (e.g. loss.gan.enabled)`);
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || next === null) node[key] = {};
    else if (!isSettingsTree(next)) throw new ConfigError(`${where}: '${path}' goes through '${key}', which is not a group of settings`);
    node = node[key] as SettingsTree;
  }
  node[keys.at(-1)!] = value;
}

/** Deep merge of plain objects; arrays and scalars of `over` replace those of `base`; neither input changes. */
export function mergeSettings(base: SettingsTree, over: SettingsTree): SettingsTree {
  const out: SettingsTree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isSettingsTree(value) && isSettingsTree(out[key]) ? mergeSettings(out[key] as SettingsTree, value) : value;
  }
  return out;
}

/** A copy of `target` with each `dotted.path: value` of `diff` set in turn. */
export function applySettingsDiff(target: SettingsTree, diff: Readonly<Record<string, unknown>>, where: string): SettingsTree {
  const out = structuredClone(target);
  for (const [path, value] of Object.entries(diff)) setDottedPath(out, path, value, where);
  return out;
}
