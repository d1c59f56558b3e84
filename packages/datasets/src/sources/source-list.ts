import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';

/** Why a source list cannot be used: the file, the YAML path and what was expected. */
export class SourceListError extends Error {
  override readonly name = 'SourceListError';
}

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

function describePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** Parses and validates a source list; every problem names the file, the YAML path (and line) and the fix. */
export function parseSourceList(text: string, file: string): SourceList {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const line = error.linePos?.[0];
    throw new SourceListError(`${file}${line ? `:${line.line}:${line.col}` : ''}: not valid YAML: ${error.message.split('\n')[0]}`);
  }
  const result = listSchema.safeParse(document.toJS());
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new SourceListError(`${file}: ${describePath(issue.path) || '(top level)'}: ${issue.message}`);
  }
  const names = new Set<string>();
  result.data.sources.forEach((entry, index) => {
    if (names.has(entry.name)) throw new SourceListError(`${file}: sources[${index}].name: '${entry.name}' is used twice; names identify entries`);
    names.add(entry.name);
  });
  return result.data;
}

export async function loadSourceList(file: string): Promise<SourceList> {
  return parseSourceList(await readFile(file, 'utf8'), file);
}
