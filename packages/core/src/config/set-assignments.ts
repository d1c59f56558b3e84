import { parse as parseYaml } from 'yaml';
import { ConfigError } from './yaml-config.js';

/**
 * `--set train.steps=300` assignments as a dotted-path diff. Values are read as YAML, so numbers, booleans,
 * null and `[1, 2]` lists keep their types; an empty value is the empty string.
 */
export function parseSetAssignments(assignments: readonly string[], flag = '--set'): Record<string, unknown> {
  const diff: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const match = /^([A-Za-z0-9_.-]+)=(.*)$/s.exec(assignment);
    if (!match || match[1]!.split('.').some((key) => key === '')) {
      throw new ConfigError(`${flag} '${assignment}' is not of the form PATH=VALUE (e.g. ${flag} train.steps=300)`);
    }
    try {
      diff[match[1]!] = match[2] === '' ? '' : parseYaml(match[2]!);
    } catch (error) {
      throw new ConfigError(`${flag} '${assignment}': the value is not valid YAML (${(error as Error).message.split('\n')[0]}); quote it`);
    }
  }
  return diff;
}
