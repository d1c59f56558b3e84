import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TrackingError } from './errors.js';
import { FileTracker } from './file-store/tracker.js';
import type { RetryPolicy } from './rest/retry.js';
import { RestTracker } from './rest/tracker.js';
import type { Tracker } from './types.js';

export interface CreateTrackerOptions {
  /** Default: `env.MLFLOW_TRACKING_URI`, else `./mlruns`. `file:` URIs and paths give a FileStore, http(s) a server. */
  uri?: string;
  env?: NodeJS.ProcessEnv;
  /** Where records wait while the server is unreachable (default `./mlruns-spool`). */
  spoolDir?: string;
  /** Resolves relative paths (default `process.cwd()`). */
  cwd?: string;
  retry?: Partial<RetryPolicy>;
  spoolRetryMs?: number;
}

export function createTracker(options: CreateTrackerOptions = {}): Tracker {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const uri = options.uri ?? (env.MLFLOW_TRACKING_URI || './mlruns');
  if (/^https?:\/\//i.test(uri)) {
    return new RestTracker(uri, { env, spoolDir: resolve(cwd, options.spoolDir ?? 'mlruns-spool'), retry: options.retry, spoolRetryMs: options.spoolRetryMs });
  }
  return new FileTracker(localStorePath(uri, cwd), env);
}

function localStorePath(uri: string, cwd: string): string {
  if (uri.startsWith('file://')) return fileURLToPath(uri);
  if (uri.startsWith('file:')) return resolve(cwd, uri.slice('file:'.length));
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) && !isAbsolute(uri)) {
    throw new TrackingError(
      `tracking URI '${uri}'`,
      'expected a local path or file: URI (a FileStore) or an http(s):// tracking server; for a database backend run `mlflow server --backend-store-uri ...` and point MLFLOW_TRACKING_URI at it',
    );
  }
  return resolve(cwd, uri);
}
