/** Runs one crawl in its own process, so a test can kill it with SIGKILL part-way. Usage: crawl-child.ts LIST OUT */
import { crawl, loadSourceList } from '../../../src/index.js';

const [listPath, out] = process.argv.slice(2) as [string, string];
await crawl(await loadSourceList(listPath), { out, concurrency: 2, retry: { retries: 4, baseDelayMs: 10, maxDelayMs: 50 }, timeoutMs: 5000 });
