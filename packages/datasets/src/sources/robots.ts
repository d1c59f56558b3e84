import robotsParserModule from 'robots-parser';
import { HttpStatusError, openUrl, type RequestOptions } from './http-client.js';
import { withRetries, type RetryPolicy } from './retry-policy.js';

export interface RobotsRules {
  isAllowed(url: URL): boolean;
  /** Seconds between requests the site asks for, if any. */
  readonly crawlDelaySeconds: number | undefined;
}

// The package is CommonJS whose types declare an ES default export; at runtime the import is the function.
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getCrawlDelay(userAgent?: string): number | undefined;
};

const ALLOW_ALL: RobotsRules = { isAllowed: () => true, crawlDelaySeconds: undefined };
const DISALLOW_ALL: RobotsRules = { isAllowed: () => false, crawlDelaySeconds: undefined };

/**
 * robots.txt of an origin as RFC 9309 reads it: a 4xx means no rules; a server error or an unreachable
 * site after retries means everything is disallowed (the crawl records those URLs as disallowed rather
 * than guessing).
 */
export async function fetchRobots(origin: string, userAgent: string, request: RequestOptions, policy: RetryPolicy): Promise<RobotsRules> {
  const robotsUrl = new URL('/robots.txt', origin);
  let text: string;
  try {
    text = await withRetries({ ...policy, retries: Math.min(policy.retries, 2) }, async () => {
      const { response } = await openUrl(robotsUrl, request);
      return response.text();
    });
  } catch (error) {
    return error instanceof HttpStatusError && error.status < 500 ? ALLOW_ALL : DISALLOW_ALL;
  }
  const rules = robotsParser(robotsUrl.href, text);
  const token = userAgent.split('/')[0]!;
  return {
    isAllowed: (url) => rules.isAllowed(url.href, token) !== false,
    crawlDelaySeconds: rules.getCrawlDelay(token),
  };
}
