import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';

/** A config that cannot be used: the file, the line or YAML path of the problem, and what was expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** `sources[2].url`-style path of a schema issue. */
export function describeConfigPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/**
 * Parses YAML and validates it against a zod schema, once, at the edge: a syntax error names the file,
 * line and column; a schema error names the file and the YAML path (`crop.side`, `sources[0].url`).
 */
export function parseYamlConfig<S extends z.ZodType>(schema: S, text: string, file: string): z.infer<S> {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const line = error.linePos?.[0];
    throw new ConfigError(`${file}${line ? `:${line.line}:${line.col}` : ''}: not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const result = schema.safeParse(document.toJS());
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`${file}: ${describeConfigPath(issue.path) || '(top level)'}: ${issue.message}`);
  }
  return result.data;
}

export async function loadYamlConfig<S extends z.ZodType>(schema: S, file: string): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ConfigError(`${file}: no such config file (check the path)`);
    if (code === 'EISDIR') throw new ConfigError(`${file}: is a directory; give the config file`);
    throw error;
  }
  return parseYamlConfig(schema, text, file);
}
