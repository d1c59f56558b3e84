/** How often and how long a failing request is tried again. */
export interface RetryPolicy {
  /** Attempts after the first. */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** The longest Retry-After honoured; a server asking for more fails the request instead of stalling the crawl. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 300_000 };

/** A failure worth another attempt (network errors, timeouts, 408, 429, 5xx, truncated bodies). */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
  constructor(
    message: string,
    /** The wait the server asked for (Retry-After), if any. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter (uniform in [0, min(max, base 2^attempt)]), or the server's Retry-After. */
export function retryDelay(policy: RetryPolicy, attempt: number, error: RetryableError, random: () => number = Math.random): number {
  if (error.retryAfterMs !== undefined) return error.retryAfterMs;
  return random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

/** Runs `attempt` until it succeeds, fails with a non-retryable error, or the policy is spent. */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
  onRetry?: (error: RetryableError, delayMs: number, attemptNumber: number) => void,
): Promise<T> {
  for (let attemptNumber = 0; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof RetryableError) || attemptNumber >= policy.retries) throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) {
        throw new Error(`${error.message}; the server asks to wait ${Math.round(error.retryAfterMs / 1000)} s, more than the ${policy.maxRetryAfterMs / 1000} s allowed`);
      }
      const delay = retryDelay(policy, attemptNumber, error);
      onRetry?.(error, delay, attemptNumber + 1);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
