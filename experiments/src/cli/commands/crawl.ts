import { crawl, loadSourceList, type CrawlEvent } from '@hdr-lab/datasets';
import { processOutput, type CliOutput } from '../output.js';

export interface CrawlCommandOptions {
  readonly out: string;
  readonly only?: readonly string[];
  readonly concurrency?: number;
  readonly perHost?: number;
  readonly retries?: number;
  readonly timeout?: number;
  readonly maxMb?: number;
}

/**
 * Progress: on a terminal one status line rewritten in place, with failures printed above it; otherwise
 * (CI, logs, pipes) one plain line per settled file and page.
 */
function progressReporter(output: CliOutput, tty: boolean): { onEvent: (event: CrawlEvent) => void; finish: () => void } {
  const counts = { verified: 0, skipped: 0, failed: 0, disallowed: 0, pages: 0 };
  const status = () =>
    `crawl: ${counts.verified} downloaded, ${counts.skipped} already verified, ${counts.failed} failed, ${counts.disallowed} disallowed, ${counts.pages} pages`;
  return {
    onEvent(event) {
      if (event.type === 'page') counts.pages++;
      else if (event.type !== 'retry') counts[event.type]++;
      const line =
        event.type === 'page'
          ? `page ${event.url}: ${event.links} files`
          : event.type === 'retry'
            ? `retry ${event.url} in ${(event.delayMs / 1000).toFixed(1)} s: ${event.detail}`
            : `${event.type} ${event.url}${event.detail ? `: ${event.detail}` : ''}`;
      if (!tty) {
        output.err(line);
        return;
      }
      if (event.type === 'failed') process.stderr.write(`\r\x1b[K${line}\n`);
      process.stderr.write(`\r\x1b[K${status()}`);
    },
    finish() {
      if (tty) process.stderr.write('\n');
    },
  };
}

/** Crawls a source list into a data root; returns the number of URLs that failed. */
export async function runCrawl(sources: string, options: CrawlCommandOptions, output: CliOutput): Promise<number> {
  const list = await loadSourceList(sources);
  const progress = progressReporter(output, output === processOutput && Boolean(process.stderr.isTTY));
  try {
    const summary = await crawl(list, {
      out: options.out,
      ...(options.only ? { only: options.only } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.perHost ? { perHost: options.perHost } : {}),
      ...(options.retries !== undefined ? { retry: { retries: options.retries } } : {}),
      ...(options.timeout ? { timeoutMs: options.timeout * 1000 } : {}),
      ...(options.maxMb ? { maxBytes: options.maxMb * 1024 * 1024 } : {}),
      onEvent: progress.onEvent,
    });
    progress.finish();
    output.out(
      `${list.name}: ${summary.verified} downloaded, ${summary.skipped} already verified, ${summary.failed} failed, ` +
        `${summary.disallowed} disallowed by robots.txt, ${summary.pages} pages followed`,
    );
    output.out(`manifest: ${summary.manifest}`);
    output.out(`report (dead and moved links): ${summary.report}`);
    return summary.failed;
  } catch (error) {
    progress.finish();
    throw error;
  }
}
