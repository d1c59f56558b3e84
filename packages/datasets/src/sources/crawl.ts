import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { extractZip } from './archive.js';
import { resolveCrawlOptions, type CrawlOptions, type ResolvedCrawlOptions } from './crawl-options.js';
import { sha256OfFile } from '../files/sha256.js';
import { downloadOnce, type DownloadResult } from './download.js';
import { extractLinks } from './gallery.js';
import { openUrl, type RequestOptions } from './http-client.js';
import { HostLimiter } from './limiter.js';
import { Manifest, type ManifestRecord } from './manifest.js';
import { globTest, urlFilter } from './patterns.js';
import { fetchRobots, type RobotsRules } from './robots.js';
import { writeCrawlReport } from './report.js';
import { withRetries } from './retry-policy.js';
import { acceptsContent, sniffContent, SNIFF_BYTES } from './sniff.js';
import { DEFAULT_INCLUDE, type SourceEntry, type SourceList } from './source-list.js';
import { targetPath, unpackDirectory } from './targets.js';
import { readHead } from '../files/read-head.js';

export interface CrawlSummary {
  readonly verified: number;
  readonly skipped: number;
  readonly failed: number;
  readonly disallowed: number;
  readonly pages: number;
  readonly manifest: string;
  readonly report: string;
}

/** Largest HTML page read when following a gallery. */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;
const PAGE_PATH = /(\/|\.html?|\.php|\.aspx?|\/[^./]*)$/i;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class Crawler {
  readonly manifest: Manifest;
  private readonly limiter: HostLimiter;
  private readonly robots = new Map<string, Promise<RobotsRules>>();
  private readonly files = new Map<string, Promise<void>>();
  readonly counts = { verified: 0, skipped: 0, failed: 0, disallowed: 0, pages: 0 };

  constructor(
    private readonly options: ResolvedCrawlOptions,
    manifest: Manifest,
  ) {
    this.manifest = manifest;
    this.limiter = new HostLimiter(options.concurrency, options.perHost);
  }

  private get request(): RequestOptions {
    return { userAgent: this.options.userAgent, timeoutMs: this.options.timeoutMs, maxRedirects: this.options.maxRedirects };
  }

  private async allowed(url: URL): Promise<boolean> {
    let rules = this.robots.get(url.origin);
    if (!rules) {
      rules = fetchRobots(url.origin, this.options.userAgent, this.request, this.options.retry).then((found) => {
        if (found.crawlDelaySeconds) this.limiter.setMinInterval(url.host, found.crawlDelaySeconds * 1000);
        return found;
      });
      this.robots.set(url.origin, rules);
    }
    return (await rules).isAllowed(url);
  }

  private async settle(record: ManifestRecord, event: 'verified' | 'skipped' | 'failed' | 'disallowed', detail?: string): Promise<void> {
    this.counts[event]++;
    await this.manifest.set(record);
    this.options.onEvent({ type: event, url: record.url, source: record.source, ...(detail ? { detail } : {}) });
  }

  async entry(entry: SourceEntry): Promise<void> {
    const url = new URL(entry.url);
    if (entry.kind === 'page') await this.page(entry, url, entry.depth, new Set([url.href]));
    else await this.file(entry, url);
  }

  private hostAllowed(entry: SourceEntry, url: URL): boolean {
    return url.host === new URL(entry.url).host || entry.allowHosts.includes(url.host);
  }

  private async page(entry: SourceEntry, url: URL, depth: number, visited: Set<string>): Promise<void> {
    const base = { url: url.href, source: entry.name, role: 'page' as const };
    if (!(await this.allowed(url))) return this.settle({ ...base, status: 'disallowed' }, 'disallowed');
    let html: string;
    let finalUrl: URL;
    try {
      ({ html, finalUrl } = await this.fetchPage(entry, url));
    } catch (error) {
      return this.settle({ ...base, status: 'failed', error: errorText(error) }, 'failed', errorText(error));
    }
    const wanted = urlFilter(entry.include ?? DEFAULT_INCLUDE, entry.exclude);
    const links = extractLinks(html, finalUrl).filter((link) => this.hostAllowed(entry, link));
    const files = links.filter(wanted);
    const pages = depth > 0 ? links.filter((link) => !wanted(link) && PAGE_PATH.test(link.pathname) && !visited.has(link.href)) : [];
    for (const next of pages) visited.add(next.href);
    this.counts.pages++;
    await this.manifest.set({ ...base, status: 'followed', ...(finalUrl.href !== url.href ? { finalUrl: finalUrl.href } : {}), links: files.length });
    this.options.onEvent({ type: 'page', url: url.href, source: entry.name, links: files.length });
    await Promise.all([...files.map((file) => this.file(entry, file)), ...pages.map((next) => this.page(entry, next, depth - 1, visited))]);
  }

  private async fetchPage(entry: SourceEntry, url: URL): Promise<{ html: string; finalUrl: URL }> {
    const release = await this.limiter.acquire(url.host);
    try {
      return await withRetries(this.options.retry, async () => {
        const { response, finalUrl } = await openUrl(url, this.request);
        const length = Number(response.headers.get('content-length') ?? 0);
        if (length > MAX_PAGE_BYTES) {
          await response.body?.cancel();
          throw new Error(`${url.href} is a ${length}-byte page, more than the ${MAX_PAGE_BYTES} read from a gallery`);
        }
        const html = await response.text();
        const kind = sniffContent(new TextEncoder().encode(html.slice(0, SNIFF_BYTES)));
        if (kind !== 'html' && kind !== 'unknown') throw new Error(`${url.href} is a ${kind} file, not a page: give the entry kind image or video`);
        return { html, finalUrl };
      }, (error, delayMs) => this.options.onEvent({ type: 'retry', url: url.href, source: entry.name, detail: error.message, delayMs }));
    } finally {
      release();
    }
  }

  /** Each URL is fetched once per crawl, however many pages link to it. */
  private file(entry: SourceEntry, url: URL): Promise<void> {
    let pending = this.files.get(url.href);
    if (!pending) {
      pending = this.fetchFile(entry, url);
      this.files.set(url.href, pending);
    }
    return pending;
  }

  private async fetchFile(entry: SourceEntry, url: URL): Promise<void> {
    const relative = targetPath(entry, url);
    const target = join(this.options.out, relative);
    const base = { url: url.href, source: entry.name, role: 'file' as const };
    const previous = this.manifest.get(url.href);
    if (previous?.status === 'verified' && previous.path === relative && (await sizeOf(target)) === previous.bytes) {
      await this.settleMembers(previous.url);
      return this.settle(previous, 'skipped');
    }
    if (!(await this.allowed(url))) return this.settle({ ...base, status: 'disallowed' }, 'disallowed');
    let result: DownloadResult | undefined;
    try {
      result = (await this.alreadyThere(entry, url, target)) ?? (await this.download(entry, url, target));
    } catch (error) {
      return this.settle({ ...base, status: 'failed', error: errorText(error) }, 'failed', errorText(error));
    }
    const moved = result.redirects.some((status) => status === 301 || status === 308);
    const record: ManifestRecord = {
      ...base,
      status: 'verified',
      path: relative,
      bytes: result.bytes,
      sha256: result.sha256,
      format: result.kind,
      ...(result.finalUrl.href !== url.href ? { finalUrl: result.finalUrl.href } : {}),
      ...(moved ? { moved: true } : {}),
    };
    if (result.kind === 'zip') await this.unpack(entry, record, target);
    return this.settle(record, 'verified');
  }

  /**
   * A file already at its final name without a record (a crawl killed between the rename and the
   * manifest line) is checked and kept instead of fetched again.
   */
  private async alreadyThere(entry: SourceEntry, url: URL, target: string): Promise<DownloadResult | undefined> {
    const bytes = await sizeOf(target);
    if (bytes === undefined) return undefined;
    const kind = sniffContent(await readHead(target, SNIFF_BYTES));
    const sha256 = await sha256OfFile(target);
    if (!acceptsContent(entry.kind, kind) || (entry.sha256 && entry.sha256 !== sha256)) return undefined;
    return { bytes, sha256, kind, finalUrl: url, redirects: [] };
  }

  private async download(entry: SourceEntry, url: URL, target: string): Promise<DownloadResult> {
    const candidates = [url, ...(url.href === new URL(entry.url).href ? entry.mirrors.map((mirror) => new URL(mirror)) : [])];
    const errors: string[] = [];
    for (const candidate of candidates) {
      const release = await this.limiter.acquire(candidate.host);
      try {
        return await withRetries(
          this.options.retry,
          () =>
            downloadOnce(candidate, target, {
              ...this.request,
              maxBytes: this.options.maxBytes,
              idleTimeoutMs: this.options.idleTimeoutMs,
              accept: (kind) => acceptsContent(entry.kind, kind),
              ...(entry.sha256 ? { expectedSha256: entry.sha256 } : {}),
            }),
          (error, delayMs) => this.options.onEvent({ type: 'retry', url: candidate.href, source: entry.name, detail: error.message, delayMs }),
        );
      } catch (error) {
        errors.push(errorText(error));
      } finally {
        release();
      }
    }
    throw new Error(errors.join('; then '));
  }

  private async unpack(entry: SourceEntry, archive: ManifestRecord, target: string): Promise<void> {
    const wanted = (entry.include ?? DEFAULT_INCLUDE).filter((pattern) => !/\.zip$/i.test(pattern)).map(globTest);
    const excluded = entry.exclude.map(globTest);
    const test = (name: string) => {
      const url = new URL(`file:///${encodeURIComponent(name.split('/').pop() ?? name)}`);
      return wanted.some((match) => match(url)) && !excluded.some((match) => match(url));
    };
    const directory = unpackDirectory(target);
    const result = await extractZip(target, directory, {
      include: test,
      accept: (kind) => acceptsContent(entry.kind === 'video' ? 'video' : 'page', kind),
      maxMemberBytes: this.options.maxBytes,
      maxTotalBytes: this.options.maxBytes * 4,
    });
    for (const member of result.members) {
      await this.manifest.set({
        url: `${archive.url}#${member.name}`,
        source: entry.name,
        role: 'member',
        status: 'verified',
        parent: archive.url,
        path: join(unpackDirectory(archive.path!), member.path),
        bytes: member.bytes,
        sha256: member.sha256,
        format: member.kind,
      });
    }
    for (const rejected of result.rejected) {
      await this.manifest.set({ url: `${archive.url}#${rejected.name}`, source: entry.name, role: 'member', status: 'failed', parent: archive.url, error: rejected.reason });
    }
  }

  /** A skipped archive's member records are settled again, so compaction keeps them. */
  private async settleMembers(archiveUrl: string): Promise<void> {
    for (const record of this.manifest.all()) if (record.role === 'member' && record.parent === archiveUrl) await this.manifest.set(record);
  }
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/**
 * Crawls a source list into `options.out`: entries in parallel within the global and per-host limits,
 * robots.txt respected, failures retried with backoff and recorded. Re-running skips verified files and
 * resumes partial ones. Ends by compacting manifest.jsonl and writing report.md (dead and moved links).
 */
export async function crawl(list: SourceList, options: CrawlOptions): Promise<CrawlSummary> {
  const resolved = resolveCrawlOptions(options);
  const unknown = resolved.only?.filter((name) => !list.sources.some((entry) => entry.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`no entry named ${unknown.join(', ')} in '${list.name}'; entries: ${list.sources.map((entry) => entry.name).join(', ')}`);
  const entries = resolved.only ? list.sources.filter((entry) => resolved.only!.includes(entry.name)) : list.sources;
  await mkdir(resolved.out, { recursive: true });
  const manifest = await Manifest.load(join(resolved.out, 'manifest.jsonl'));
  const crawler = new Crawler(resolved, manifest);
  await Promise.all(entries.map((entry) => crawler.entry(entry)));
  await manifest.compact(new Set(entries.map((entry) => entry.name)));
  const report = await writeCrawlReport(resolved.out, list, manifest.all());
  return { ...crawler.counts, manifest: manifest.path, report };
}
