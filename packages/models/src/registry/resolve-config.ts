import { applySettingsDiff, ConfigError, describeConfigPath, mergeSettings, type SettingsTree } from '@hdr-lab/core';
import type { z } from 'zod';
import type { ModelDefinition } from './model.js';

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
  let settings: SettingsTree = {};
  if (request.preset !== undefined) {
    const preset = definition.presets[request.preset];
    if (!preset) throw new ConfigError(`${where}: unknown preset '${request.preset}' of ${definition.id}; known: ${Object.keys(definition.presets).join(', ')}`);
    settings = applySettingsDiff(settings, preset, `${where} (preset ${request.preset})`);
  }
  if (request.tiny) settings = applySettingsDiff(settings, definition.tiny, `${where} (tiny)`);
  if (request.settings) settings = mergeSettings(settings, request.settings as SettingsTree);
  if (request.overrides) settings = applySettingsDiff(settings, request.overrides, where);
  const result = definition.schema.safeParse(settings);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`${where}: ${describeConfigPath(issue.path) || '(top level)'}: ${issue.message}`);
  }
  return result.data;
}
