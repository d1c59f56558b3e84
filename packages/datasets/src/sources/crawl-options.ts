import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';

export type CrawlEvent =
  | { readonly type: 'verified' | 'skipped' | 'failed' | 'disallowed'; readonly url: string; readonly source: string; readonly detail?: string }
  | { readonly type: 'page'; readonly url: string; readonly source: string; readonly links: number }
  | { readonly type: 'retry'; readonly url: string; readonly source: string; readonly detail: string; readonly delayMs: number };

export interface CrawlOptions {
  /** The data root: files under `<source>/<host>/<path>`, plus manifest.jsonl and report.md. */
  readonly out: string;
  readonly concurrency?: number;
  readonly perHost?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly timeoutMs?: number;
  readonly idleTimeoutMs?: number;
  readonly maxBytes?: number;
  readonly maxRedirects?: number;
  readonly userAgent?: string;
  /** Crawl only these entries (by name). */
  readonly only?: readonly string[];
  readonly onEvent?: (event: CrawlEvent) => void;
}

export interface ResolvedCrawlOptions extends Required<Omit<CrawlOptions, 'only' | 'onEvent' | 'retry'>> {
  readonly retry: RetryPolicy;
  readonly only: readonly string[] | undefined;
  readonly onEvent: (event: CrawlEvent) => void;
}

export function resolveCrawlOptions(options: CrawlOptions): ResolvedCrawlOptions {
  return {
    out: options.out,
    concurrency: options.concurrency ?? 4,
    perHost: options.perHost ?? 2,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    timeoutMs: options.timeoutMs ?? 30_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    maxBytes: options.maxBytes ?? 4 * 1024 ** 3,
    maxRedirects: options.maxRedirects ?? 5,
    userAgent: options.userAgent ?? 'hdr-lab/0.1 (dataset crawler; respects robots.txt)',
    only: options.only,
    onEvent: options.onEvent ?? (() => undefined),
  };
}
