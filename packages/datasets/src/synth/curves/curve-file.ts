import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

/**
 * A response curve stored in a file: N >= 2 display values for exposures 0, 1/(N-1), ..., 1 (e.g. the 256
 * or 1024 samples of a DoRF curve), each in [0, 1], never decreasing and rising overall.
 * - `.json`: an array of numbers, or an object `{ "response": [numbers] }`.
 * - anything else (CSV, TXT): numbers separated by commas, spaces or newlines, read in order; `#` starts a
 *   comment that runs to the end of the line.
 */
export interface CurveFile {
  readonly samples: readonly number[];
  readonly sha256: string;
}

function fromJson(text: string, file: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const list = Array.isArray(parsed) ? parsed : typeof parsed === 'object' && parsed !== null ? (parsed as { response?: unknown }).response : undefined;
  if (!Array.isArray(list)) throw new Error(`${file}: expected an array of numbers or an object with a "response" array`);
  return list;
}

function fromText(text: string, file: string): number[] {
  const values: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    for (const token of line.replace(/#.*/, '').split(/[\s,;]+/)) {
      if (token === '') continue;
      const value = Number(token);
      if (!Number.isFinite(value)) throw new Error(`${file}:${index + 1}: '${token}' is not a number`);
      values.push(value);
    }
  });
  return values;
}

/** Checks the samples of a response curve; every message names the file and the offending sample. */
export function checkCurveSamples(values: readonly unknown[], file: string): number[] {
  if (values.length < 2) throw new Error(`${file}: a response curve needs at least 2 samples, found ${values.length}`);
  const samples: number[] = [];
  values.forEach((value, index) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${file}: sample ${index} is ${JSON.stringify(value)}, expected a number`);
    if (value < 0 || value > 1) throw new Error(`${file}: sample ${index} is ${value}; display values must lie in [0, 1] (divide 8-bit codes by 255)`);
    if (index > 0 && value < samples[index - 1]!) {
      throw new Error(`${file}: sample ${index} (${value}) is below sample ${index - 1} (${samples[index - 1]}); a response curve must not decrease`);
    }
    samples.push(value);
  });
  if (samples[samples.length - 1] === samples[0]) throw new Error(`${file}: all samples equal ${samples[0]}; a response curve must rise`);
  return samples;
}

export function loadCurveFile(file: string): CurveFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot read the response curve (${error instanceof Error ? error.message : String(error)})`);
  }
  const text = bytes.toString('utf8');
  const values = extname(file).toLowerCase() === '.json' ? fromJson(text, file) : fromText(text, file);
  return { samples: checkCurveSamples(values, file), sha256: createHash('sha256').update(bytes).digest('hex') };
}
