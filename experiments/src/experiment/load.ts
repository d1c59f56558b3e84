import { isAbsolute, resolve } from 'node:path';
import { stringify } from 'yaml';
import {
  applySettingsDiff,
  hashConfig,
  isSettingsTree,
  loadLayeredYaml,
  parseSetAssignments,
  validateConfig,
  type SettingsTree,
} from '@hdr-lab/core';
import { modelDefinition, resolveModelConfig } from '@hdr-lab/models';
import { experimentSchema, type ExperimentConfig } from './config.js';
import { planTrials, type TrialPlan } from './trials.js';

export interface LoadedExperiment {
  readonly file: string;
  /** The file and the bases it extends. */
  readonly files: readonly string[];
  /** The merged, overridden document with absolute paths (what --dry-run prints). */
  readonly document: SettingsTree;
  readonly config: ExperimentConfig;
  /** sha256 of the resolved definition (runner and tracking settings aside): a changed one is not resumed. */
  readonly definitionHash: string;
  readonly trials: readonly TrialPlan[];
}

const absolute = (value: unknown, directory: string) => (typeof value === 'string' && value !== '' && !isAbsolute(value) ? resolve(directory, value) : value);

/** Weight files in model settings (any `path` key) are relative to the file that names them. */
export function resolveSettingPaths(value: unknown, directory: string): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveSettingPaths(item, directory));
  if (!isSettingsTree(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === 'path' ? absolute(item, directory) : resolveSettingPaths(item, directory)]));
}

/** Makes one file's relative paths absolute against its own directory, before files merge. */
export function resolveExperimentPaths(document: SettingsTree, directory: string): SettingsTree {
  const out: SettingsTree = { ...document };
  if ('out' in out) out['out'] = absolute(out['out'], directory);
  if (isSettingsTree(out['data'])) {
    const data = { ...out['data'] };
    for (const key of ['prepare', 'prepared']) if (key in data) data[key] = absolute(data[key], directory);
    out['data'] = data;
  }
  if (isSettingsTree(out['tracking']) && typeof out['tracking']['uri'] === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(out['tracking']['uri'])) {
    out['tracking'] = { ...out['tracking'], uri: absolute(out['tracking']['uri'], directory) };
  }
  if (isSettingsTree(out['model']) && isSettingsTree(out['model']['settings'])) {
    out['model'] = { ...out['model'], settings: resolveSettingPaths(out['model']['settings'], directory) };
  }
  return out;
}

/** What a variant changes in the model is checked against the model's own schema now, not after hours of other trials. */
function checkModelSettings(trials: readonly TrialPlan[], source: string): void {
  for (const trial of trials) {
    const { model } = trial.config;
    resolveModelConfig(modelDefinition(model.id), {
      ...(model.preset === undefined ? {} : { preset: model.preset }),
      tiny: model.tiny,
      settings: model.settings,
      source: `${source}: ${trial.name === 'base' ? '' : `${trial.name}: `}model.settings`,
    });
  }
}

/**
 * Loads an experiment: the file and its `extends:` chain (at most three files), `--set` assignments on
 * top (paths relative to the working directory), validation with YAML paths, and every trial planned
 * and validated, its model settings included.
 */
export async function loadExperiment(file: string, assignments: readonly string[] = []): Promise<LoadedExperiment> {
  const { document: merged, files } = await loadLayeredYaml(file, { resolvePaths: resolveExperimentPaths });
  const overrides = parseSetAssignments(assignments);
  const document = resolveExperimentPaths(applySettingsDiff(merged, overrides, '--set'), process.cwd());
  const source = files.length > 1 ? `${file} (extending ${files.slice(1).join(', ')})` : file;
  const config = validateConfig(experimentSchema, document, source);
  const trials = planTrials(document, config, source);
  checkModelSettings(trials, source);
  const { runner: _runner, tracking: _tracking, ...definition } = document;
  return { file, files, document, config, definitionHash: hashConfig(definition), trials };
}

/** The resolved experiment as YAML, with its hash and trials: what `--dry-run` prints. */
export function describeExperiment(loaded: LoadedExperiment): string {
  const lines = [
    `# ${loaded.file}${loaded.files.length > 1 ? ` extends ${loaded.files.slice(1).join(' -> ')}` : ''}`,
    `# definition hash ${loaded.definitionHash}`,
    stringify(loaded.document).trimEnd(),
    `# ${loaded.trials.length} trial${loaded.trials.length === 1 ? '' : 's'}:`,
    ...loaded.trials.map((trial) => `#   ${trial.name}: ${trial.label}`),
  ];
  return lines.join('\n');
}

