import { ConfigError, loadYamlConfig, parseYamlConfig } from '@hdr-lab/core';
import { z } from 'zod';

const pattern = z.string().min(1);
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const entrySchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected letters, digits, ".", "_" or "-"'),
  url: httpUrl,
  kind: z.enum(['image', 'video', 'page']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits').optional(),
  mirrors: z.array(httpUrl).default([]),
  licence: z.string().optional(),
  note: z.string().optional(),
  include: z.array(pattern).optional(),
  exclude: z.array(pattern).default([]),
  depth: z.int().min(0).max(5).default(1),
  allowHosts: z.array(z.string().min(1)).default([]),
  expectedFiles: z.int().min(0).optional(),
});

const listSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  sources: z.array(entrySchema).min(1),
});

export type SourceEntry = z.infer<typeof entrySchema>;
export type SourceList = z.infer<typeof listSchema>;

/** What a `page` entry follows and keeps when the entry names no `include` patterns. */
export const DEFAULT_INCLUDE = ['*.hdr', '*.exr', '*.pfm', '*.zip', '*.mp4', '*.mov', '*.mkv', '*.mxf'] as const;

/** Parses and validates a source list; every problem names the file, the YAML path (and line) and the fix. */
export function parseSourceList(text: string, file: string): SourceList {
  const list = parseYamlConfig(listSchema, text, file);
  checkNames(list, file);
  return list;
}

export async function loadSourceList(file: string): Promise<SourceList> {
  const list = await loadYamlConfig(listSchema, file);
  checkNames(list, file);
  return list;
}

function checkNames(list: SourceList, file: string): void {
  const names = new Set<string>();
  list.sources.forEach((entry, index) => {
    if (names.has(entry.name)) throw new ConfigError(`${file}: sources[${index}].name: '${entry.name}' is used twice; names identify entries`);
    names.add(entry.name);
  });
}
