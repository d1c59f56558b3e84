/** How hard to try before a server counts as unreachable. */
export interface RetryPolicy {
  /** Retries after the first attempt (MLflow's MLFLOW_HTTP_REQUEST_MAX_RETRIES, default 5). */
  retries: number;
  /** First backoff; doubled on each retry (MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR, in seconds there). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per request (MLFLOW_HTTP_REQUEST_TIMEOUT, default 120 s). */
  timeoutMs: number;
}

/** The statuses MLflow's own client retries: timeouts, throttling and server or gateway failures. */
const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE.has(status);
}

function envNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? number : undefined;
}

export function retryPolicy(env: NodeJS.ProcessEnv, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const factor = envNumber(env, 'MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR');
  const timeout = envNumber(env, 'MLFLOW_HTTP_REQUEST_TIMEOUT');
  return {
    retries: envNumber(env, 'MLFLOW_HTTP_REQUEST_MAX_RETRIES') ?? 5,
    baseDelayMs: factor === undefined ? 1000 : factor * 1000,
    maxDelayMs: 60_000,
    timeoutMs: timeout === undefined ? 120_000 : timeout * 1000,
    ...overrides,
  };
}

/** Exponential backoff with full jitter on top, so N workers that failed together do not retry together. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const exponential = policy.baseDelayMs * 2 ** attempt;
  return Math.min(policy.maxDelayMs, exponential + Math.random() * policy.baseDelayMs);
}

/** `Retry-After` in seconds or as an HTTP date; `undefined` when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
