import { readdir } from 'node:fs/promises';
import { extname, join, parse } from 'node:path';

/** The HDR formats an evaluation reads; the format itself is detected from the bytes. */
const HDR_EXTENSIONS = new Set(['.exr', '.hdr', '.pfm']);

export interface ImagePair {
  /** The file name without its extension, shared by both images. */
  readonly name: string;
  readonly reference: string;
  readonly test: string;
}

export interface Pairing {
  readonly pairs: readonly ImagePair[];
  /** Reference images with no test image of the same name, and the reverse: reported, never silently dropped. */
  readonly unmatchedReference: readonly string[];
  readonly unmatchedTest: readonly string[];
}

async function hdrFilesByStem(directory: string, role: string): Promise<Map<string, string>> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${role} directory '${directory}' does not exist`);
    if (code === 'ENOTDIR') throw new Error(`${role} '${directory}' is a file; expected a directory of .exr, .hdr or .pfm images`);
    throw error;
  }
  const byStem = new Map<string, string>();
  for (const entry of entries) {
    if (!entry.isFile() || !HDR_EXTENSIONS.has(extname(entry.name).toLowerCase())) continue;
    const stem = parse(entry.name).name;
    const earlier = byStem.get(stem);
    if (earlier) throw new Error(`${role} directory '${directory}' holds two images named '${stem}': ${parse(earlier).base} and ${entry.name}`);
    byStem.set(stem, join(directory, entry.name));
  }
  return byStem;
}

/** Pairs the HDR images of two directories by file name without extension (Desk.exr with Desk.hdr), sorted. */
export async function pairByName(referenceDirectory: string, testDirectory: string): Promise<Pairing> {
  const references = await hdrFilesByStem(referenceDirectory, 'reference');
  const tests = await hdrFilesByStem(testDirectory, 'test');
  const pairs = [...references]
    .filter(([stem]) => tests.has(stem))
    .map(([name, reference]) => ({ name, reference, test: tests.get(name)! }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    pairs,
    unmatchedReference: [...references.keys()].filter((stem) => !tests.has(stem)).sort(),
    unmatchedTest: [...tests.keys()].filter((stem) => !references.has(stem)).sort(),
  };
}
