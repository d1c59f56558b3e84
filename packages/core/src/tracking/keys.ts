import { posix } from 'node:path';
import { TrackingError } from './errors.js';

const VALID_KEY = /^[/\w.\- ]*$/;

/**
 * Checks a param, metric or tag key the way MLflow does: letters, digits, `_ - . / space`, and no path that
 * normalises to something else. Keys become file names in a FileStore, so this is also what keeps a key from
 * escaping the run's folder.
 */
export function validateKey(kind: 'param' | 'metric' | 'tag', key: string): void {
  const normalised = posix.normalize(key);
  const pathLike = normalised !== key || normalised === '.' || normalised.startsWith('..') || normalised.startsWith('/');
  if (key === '' || !VALID_KEY.test(key) || pathLike) {
    throw new TrackingError(
      `${kind} key ${JSON.stringify(key)}`,
      'expected a non-empty name of letters, digits, "_", "-", ".", " " and "/" that is not a relative or absolute path; rename the key',
    );
  }
}

/** MLflow 2.9 refuses longer param values (2.8 raised the limit from 500); `flattenParams` cuts to it. */
export const MAX_PARAM_VALUE_LENGTH = 6000;

export function validateParamValue(key: string, value: string): void {
  if (value.length > MAX_PARAM_VALUE_LENGTH) {
    throw new TrackingError(
      `param '${key}'`,
      `value has ${value.length} characters, MLflow accepts at most ${MAX_PARAM_VALUE_LENGTH}; shorten it (flattenParams truncates) or log it as an artifact`,
    );
  }
}
