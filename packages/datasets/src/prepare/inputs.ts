import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { sha256OfFile } from '../files/sha256.js';

const HDR_EXTENSIONS = new Set(['.exr', '.hdr', '.pfm']);

export interface PrepareInput {
  readonly path: string;
  /** The path relative to the input root it was found under, for records that do not depend on where the data lives. */
  readonly name: string;
  readonly sha256: string;
}

async function walk(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(path)));
    else if (entry.isFile() && HDR_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(path);
  }
  return found;
}

/**
 * The HDR images (.exr, .hdr, .pfm) under each input directory, or the input files themselves, each
 * with its content hash, sorted by name: the order and the hashes make the prepared set's identity.
 */
export async function findInputs(inputs: readonly string[]): Promise<PrepareInput[]> {
  const found: PrepareInput[] = [];
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch {
      throw new Error(`input '${input}' does not exist; list directories of HDR images or HDR files under 'inputs'`);
    }
    const files = info.isDirectory() ? await walk(input) : [input];
    for (const path of files) {
      const name = info.isDirectory() ? relative(input, path) : relative(join(input, '..'), path);
      found.push({ path, name, sha256: await sha256OfFile(path) });
    }
  }
  if (found.length === 0) throw new Error(`no .exr, .hdr or .pfm image under ${inputs.join(', ')}`);
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.sha256 < b.sha256 ? -1 : 1));
}
