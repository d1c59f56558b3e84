import { RetryableError, parseRetryAfter } from './retry-policy.js';

/** A response the crawl will not retry (404, 403, ...): the URL is dead or forbidden. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`HTTP ${status} from ${url}`);
  }
}

export interface RequestOptions {
  readonly userAgent: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Limit on connecting and receiving the headers; the body has its own idle limit. */
  readonly timeoutMs: number;
  readonly maxRedirects: number;
}

export interface OpenedResponse {
  readonly response: Response;
  /** Aborts the body's transfer (an idle limit while it streams). */
  readonly abort: (reason: Error) => void;
  readonly finalUrl: URL;
  /** Redirect statuses followed, in order (301/308 mean the link has moved for good). */
  readonly redirects: readonly number[];
}

const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * GET with redirects followed by hand: at most `maxRedirects`, only to http(s), never in a loop. Network
 * errors, timeouts, 408, 429 and 5xx are RetryableErrors (with the server's Retry-After); other non-2xx
 * statuses are HttpStatusErrors.
 */
export async function openUrl(url: URL, options: RequestOptions): Promise<OpenedResponse> {
  const redirects: number[] = [];
  const seen = new Set<string>([url.href]);
  let current = url;
  for (;;) {
    let response: Response;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      response = await fetch(current, {
        redirect: 'manual',
        headers: { 'user-agent': options.userAgent, ...options.headers },
        signal: controller.signal,
      });
    } catch (error) {
      throw new RetryableError(
        controller.signal.aborted ? `no response from ${current.href} within ${options.timeoutMs / 1000} s` : `${current.href}: ${describeNetworkError(error)}`,
      );
    } finally {
      clearTimeout(timer);
    }
    if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
      await response.body?.cancel();
      const next = new URL(response.headers.get('location')!, current);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new Error(`${current.href} redirects to ${next.protocol} (${next.href}); only http and https are followed`);
      }
      if (seen.has(next.href)) throw new Error(`redirect loop: ${[...seen, next.href].join(' -> ')}`);
      if (redirects.length >= options.maxRedirects) throw new Error(`more than ${options.maxRedirects} redirects from ${url.href}`);
      redirects.push(response.status);
      seen.add(next.href);
      current = next;
      continue;
    }
    if (response.ok) return { response, abort: (reason) => controller.abort(reason), finalUrl: current, redirects };
    await response.body?.cancel();
    if (RETRYABLE_STATUS(response.status)) {
      throw new RetryableError(`HTTP ${response.status} from ${current.href}`, parseRetryAfter(response.headers.get('retry-after')));
    }
    throw new HttpStatusError(response.status, current.href);
  }
}
