import { ConfigError, describeConfigPath } from '@hdr-lab/core';
import type { z } from 'zod';
import type { ModelDefinition } from './model.js';

type Plain = Record<string, unknown>;

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets `a.b.c` in a nested plain object, creating objects on the way; a non-object on the way is an error. */
export function setDottedPath(target: Plain, path: string, value: unknown, where: string): void {
  const keys = path.split('.');
  if (keys.some((key) => key === '')) throw new ConfigError(`${where}: '${path}' is not a dotted setting path (e.g. loss.gan.enabled)`);
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === undefined) node[key] = {};
    else if (!isPlainObject(next)) throw new ConfigError(`${where}: '${path}' goes through '${key}', which is not a group of settings`);
    node = node[key] as Plain;
  }
  node[keys.at(-1)!] = value;
}

/** Deep merge of plain objects; arrays and scalars of `over` replace those of `base`. */
export function mergeSettings(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? mergeSettings(out[key] as Plain, value) : value;
  }
  return out;
}

function applyDiff(target: Plain, diff: Readonly<Record<string, unknown>>, where: string): Plain {
  const out = structuredClone(target);
  for (const [path, value] of Object.entries(diff)) setDottedPath(out, path, value, where);
  return out;
}

export interface ModelConfigRequest {
  /** A preset of the definition (an ablation row), applied first. */
  readonly preset?: string;
  /** Apply the definition's `tiny` settings (after the preset). */
  readonly tiny?: boolean;
  /** The config file's settings block (nested), applied after the tiny settings. */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** `path=value` overrides, applied last. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Where the settings came from, for messages (a file name and the block's YAML path). */
  readonly source?: string;
}

/**
 * The model's typed config: schema defaults, then the preset, then `tiny`, then the file's settings, then
 * overrides; validated once, with errors that give the setting's path under `source`.
 */
export function resolveModelConfig<S extends z.ZodType>(definition: ModelDefinition<S>, request: ModelConfigRequest = {}): z.infer<S> {
  const where = request.source ?? definition.id;
  let settings: Plain = {};
  if (request.preset !== undefined) {
    const preset = definition.presets[request.preset];
    if (!preset) throw new ConfigError(`${where}: unknown preset '${request.preset}' of ${definition.id}; known: ${Object.keys(definition.presets).join(', ')}`);
    settings = applyDiff(settings, preset, `${where} (preset ${request.preset})`);
  }
  if (request.tiny) settings = applyDiff(settings, definition.tiny, `${where} (tiny)`);
  if (request.settings) settings = mergeSettings(settings, request.settings as Plain);
  if (request.overrides) settings = applyDiff(settings, request.overrides, where);
  const result = definition.schema.safeParse(settings);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`${where}: ${describeConfigPath(issue.path) || '(top level)'}: ${issue.message}`);
  }
  return result.data;
}
