import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { isSettingsTree, mergeSettings, type SettingsTree } from './settings-tree.js';
import { ConfigError, describeConfigPath } from './yaml-config.js';

export interface LayeredYamlOptions {
  /** The file and its `extends:` ancestors, in all (3: a file, its base and the base's base). */
  readonly maxLevels?: number;
  /** Makes the relative paths of one file's document absolute against that file's directory, before merging. */
  readonly resolvePaths?: (document: SettingsTree, directory: string) => SettingsTree;
}

export interface LayeredYaml {
  /** The merged document: ancestors first, each file's settings over its base's. */
  readonly document: SettingsTree;
  /** The files read, the given one first. */
  readonly files: readonly string[];
}

async function readYamlMapping(file: string, child?: string): Promise<SettingsTree> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const from = child ? ` (extended by ${child})` : '';
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ConfigError(`${file}: no such config file${from}; check the path`);
    if (code === 'EISDIR') throw new ConfigError(`${file}: is a directory${from}; give the config file`);
    throw error;
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const line = error.linePos?.[0];
    throw new ConfigError(`${file}${line ? `:${line.line}:${line.col}` : ''}: not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const value: unknown = document.toJS() ?? {};
  if (!isSettingsTree(value)) throw new ConfigError(`${file}: the top level must be a mapping of settings (key: value lines), not ${Array.isArray(value) ? 'a list' : typeof value}`);
  return value;
}

/**
 * Reads a YAML config and the chain of files it `extends:` (a path relative to the file), at most
 * `maxLevels` files deep and without cycles, and merges them: mappings merge key by key, lists and values
 * of the extending file replace its base's.
 */
export async function loadLayeredYaml(file: string, options: LayeredYamlOptions = {}): Promise<LayeredYaml> {
  const maxLevels = options.maxLevels ?? 3;
  const files: string[] = [];
  const layers: SettingsTree[] = [];
  let current = resolve(file);
  let child: string | undefined;
  for (;;) {
    if (files.includes(current)) throw new ConfigError(`${child}: extends: '${relative(process.cwd(), current)}' extends itself through ${files.map((f) => relative(process.cwd(), f)).join(' -> ')}`);
    if (files.length === maxLevels) {
      throw new ConfigError(`${child}: extends: the chain ${[...files, current].map((f) => relative(process.cwd(), f)).join(' -> ')} is deeper than ${maxLevels} files; flatten a level`);
    }
    const { extends: parent, ...settings } = await readYamlMapping(current, child);
    files.push(current);
    layers.push(options.resolvePaths ? options.resolvePaths(settings, dirname(current)) : settings);
    if (parent === undefined || parent === null) break;
    if (typeof parent !== 'string' || parent === '') throw new ConfigError(`${current}: extends: expected the path of a base config file, got ${JSON.stringify(parent)}`);
    child = current;
    current = resolve(dirname(current), parent);
  }
  const document = layers.reduceRight<SettingsTree>((merged, layer) => mergeSettings(merged, layer), {});
  return { document, files };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = describeConfigPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${path ? `${path}.` : ''}${key}: unknown setting (check its spelling and level)`).join('; ');
  }
  return `${path || '(top level)'}: ${issue.message}`;
}

/** Validates a merged document; a failure lists each problem (up to five) with its YAML path and the expected form. */
export function validateConfig<S extends z.ZodType>(schema: S, document: unknown, source: string): z.infer<S> {
  const result = schema.safeParse(document);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map(describeIssue);
  const more = result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : '';
  throw new ConfigError(issues.length === 1 ? `${source}: ${issues[0]}` : `${source}:\n  ${issues.join('\n  ')}${more}`);
}
