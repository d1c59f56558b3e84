import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../cli/errors.js';

/** Our sidecar: times or stops in file-name order, or a time per file name. */
export const EXPOSURES_JSON = 'exposures.json';
/** Kalantari & Ramamoorthi's sidecar: one exposure bias in stops per line, in file-name order. */
export const EXPOSURE_TXT = 'exposure.txt';

const FORMS = `{"times": [t1, ...]}, {"stops": [b1, ...]} or {"files": {"name.png": t, ...}}`;

const exposuresJsonSchema = z.union([
  z.strictObject({ times: z.array(z.number()).min(1) }),
  z.strictObject({ stops: z.array(z.number()).min(1) }),
  z.strictObject({ files: z.record(z.string(), z.number()) }),
]);

/** Exposure times a folder's sidecar gives its LDR images, by file name. */
export interface SidecarTimes {
  /** The sidecar's path, for messages. */
  readonly path: string;
  readonly times: ReadonlyMap<string, number>;
  /** How the file gave them ("times", "stops", "files"), for the log. */
  readonly form: string;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function byPosition(path: string, what: string, values: readonly number[], names: readonly string[], toTime: (value: number) => number): Map<string, number> {
  if (values.length !== names.length) {
    throw new UsageError(
      `${path} lists ${values.length} ${what} but the folder has ${names.length} LDR image(s) (${names.join(', ')}); ` +
        `give one per image, in file-name order, or name the files: {"files": {"${names[0] ?? 'name.png'}": t, ...}}`,
    );
  }
  return new Map(names.map((name, i) => [name, toTime(values[i]!)]));
}

function byName(path: string, entries: Readonly<Record<string, number>>, names: readonly string[]): Map<string, number> {
  const known = new Set(names);
  const missing = names.filter((name) => !(name in entries));
  const extra = Object.keys(entries).filter((name) => !known.has(name));
  if (missing.length > 0 || extra.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`no time for ${missing.join(', ')}`] : []),
      ...(extra.length > 0 ? [`${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not an LDR image in the folder`] : []),
    ];
    throw new UsageError(`${path}: "files" ${problems.join('; ')}; the folder's LDR images are ${names.join(', ')}: give each its time`);
  }
  return new Map(names.map((name) => [name, entries[name]!]));
}

function parseExposuresJson(path: string, text: string, names: readonly string[]): SidecarTimes {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message}); write ${FORMS}`);
  }
  const parsed = exposuresJsonSchema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(`${path}: expected ${FORMS}, got ${JSON.stringify(raw).slice(0, 120)}`);
  }
  const value = parsed.data;
  if ('times' in value) return { path, form: 'times', times: byPosition(path, 'times', value.times, names, (time) => time) };
  if ('stops' in value) return { path, form: 'stops', times: byPosition(path, 'stops', value.stops, names, (stops) => 2 ** stops) };
  return { path, form: 'files', times: byName(path, value.files, names) };
}

function parseExposureTxt(path: string, text: string, names: readonly string[]): SidecarTimes {
  const tokens = text.split(/\s+/).filter((token) => token.length > 0);
  const stops = tokens.map((token) => {
    const value = Number(token);
    if (!Number.isFinite(value)) {
      throw new UsageError(`${path}: '${token}' is not a number; the file holds one exposure bias in stops per line, in file-name order`);
    }
    return value;
  });
  return { path, form: 'stops', times: byPosition(path, 'exposure biases', stops, names, (bias) => 2 ** bias) };
}

/**
 * The exposure times the sidecar in `dir` gives its LDR images `names` (file-name order): exposures.json
 * when present, else Kalantari's exposure.txt (times = 2^stops); undefined when the folder has neither. A
 * sidecar must describe exactly the folder's LDR images, so a stale one is reported rather than misapplied.
 */
export async function readSidecar(dir: string, names: readonly string[]): Promise<SidecarTimes | undefined> {
  const jsonPath = join(dir, EXPOSURES_JSON);
  const json = await readText(jsonPath);
  if (json !== undefined) return parseExposuresJson(jsonPath, json, names);
  const txtPath = join(dir, EXPOSURE_TXT);
  const txt = await readText(txtPath);
  if (txt !== undefined) return parseExposureTxt(txtPath, txt, names);
  return undefined;
}
