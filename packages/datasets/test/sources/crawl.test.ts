import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, parseSourceList, type CrawlEvent, type ManifestRecord, type SourceList } from '../../src/index.js';
import { exrFile, rgbeFile, serveBytes, startServer, type Route, type TestServer } from './support/test-server.js';
import { zipArchive } from './support/zip-writer.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-crawl-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const FAST = { retry: { retries: 4, baseDelayMs: 10, maxDelayMs: 50 }, timeoutMs: 2000, idleTimeoutMs: 300 };
const readManifest = (dir: string) =>
  readFileSync(join(dir, 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as ManifestRecord);

describe('crawling a gallery page', () => {
  let server: TestServer;
  const files = Array.from({ length: 50 }, (_, i) => ({ name: `scene-${String(i).padStart(2, '0')}.${i % 5 === 0 ? 'exr' : 'hdr'}`, bytes: i % 5 === 0 ? exrFile(2000 + i, i) : rgbeFile(3000 + i, i) }));
  const deeper = rgbeFile(4000, 99);

  beforeAll(async () => {
    const links = files.map((file) => `<a href="files/${file.name}">${file.name}</a>`).join('\n');
    const gallery = `<!DOCTYPE html><html><head><title>HDR</title></head><body>
      ${links}
      <a href="thumbs/scene-00.jpg">thumb</a> <a href="http://elsewhere.invalid/x.hdr">other host</a>
      <a href="more/">more</a> <a href="#top">top</a> <a href="mailto:a@b">mail</a>
      <p>unclosed <b>markup <a href='files/scene-01.hdr'>duplicate link</a></body></html>`;
    const routes: Record<string, Route> = {
      '/gallery/': (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(gallery),
      '/gallery/more/': (_request, response) =>
        response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><a href="/gallery/deep/one.hdr">one</a></body></html>'),
      '/gallery/deep/one.hdr': serveBytes(deeper),
      '/robots.txt': (_request, response) => response.writeHead(200).end('User-agent: *\nDisallow: /private/\n'),
    };
    for (const file of files) routes[`/gallery/files/${file.name}`] = serveBytes(file.bytes);
    server = await startServer(routes);
  });
  afterAll(() => server.close());

  const list = (): SourceList =>
    parseSourceList(`name: test\nsources:\n  - name: gallery\n    kind: page\n    url: ${server.url('/gallery/')}\n    expectedFiles: 51\n`, 'test.yaml');

  it('downloads every linked file that matches the patterns, one level of sub-pages deep, and records each', async () => {
    const out = join(work, 'gallery');
    const events: CrawlEvent[] = [];
    const summary = await crawl(list(), { out, ...FAST, onEvent: (event) => events.push(event) });
    const failures = readManifest(out).filter((r) => r.status === "failed").map((r) => r.error);
    expect(failures).toEqual([]);
    expect(summary).toMatchObject({ verified: 51, failed: 0, disallowed: 0, pages: 2 });
    const records = readManifest(out);
    const verified = records.filter((record) => record.status === 'verified');
    expect(verified).toHaveLength(51);
    for (const file of files) {
      const record = verified.find((r) => r.url.endsWith(`/files/${file.name}`))!;
      expect(record).toMatchObject({ bytes: file.bytes.length, sha256: sha(file.bytes), format: file.name.endsWith('exr') ? 'exr' : 'rgbe' });
      expect(readFileSync(join(out, record.path!))).toEqual(Buffer.from(file.bytes));
    }
    expect(records.map((r) => r.url)).toEqual([...records.map((r) => r.url)].sort());
    expect(server.hits.get('/gallery/thumbs/scene-00.jpg')).toBeUndefined();
    expect(server.hits.get('/gallery/files/scene-01.hdr')).toBe(1);
    expect(events.filter((event) => event.type === 'verified')).toHaveLength(51);
  });

  it('a second crawl fetches no file again and leaves the same manifest', async () => {
    const out = join(work, 'gallery');
    const before = readFileSync(join(out, 'manifest.jsonl'), 'utf8');
    const fileHits = () => [...server.hits].filter(([path]) => path.includes('/files/')).reduce((sum, [, n]) => sum + n, 0);
    const hitsBefore = fileHits();
    const summary = await crawl(list(), { out, ...FAST });
    expect(summary).toMatchObject({ verified: 0, skipped: 51, failed: 0 });
    expect(fileHits()).toBe(hitsBefore);
    expect(readFileSync(join(out, 'manifest.jsonl'), 'utf8')).toBe(before);
  });
});

describe('faults', () => {
  let server: TestServer;
  const big = rgbeFile(300_000, 1);
  const small = rgbeFile(5000, 2);

  beforeAll(async () => {
    server = await startServer({
      '/robots.txt': (_request, response) => response.writeHead(200).end('User-agent: *\nDisallow: /private/\n'),
      '/flaky.hdr': (request, response, hit) => (hit <= 2 ? response.writeHead(500).end('oops') : serveBytes(small)(request, response, hit)),
      '/limited.hdr': (request, response, hit) =>
        hit === 1 ? response.writeHead(429, { 'retry-after': '1' }).end() : serveBytes(small)(request, response, hit),
      '/reset.hdr': (request, response, hit) => {
        if (hit > 1) return serveBytes(big)(request, response, hit);
        response.writeHead(200, { 'content-length': String(big.length) });
        response.write(Buffer.from(big.subarray(0, 100_000)), () => setTimeout(() => response.socket?.destroy(), 20));
      },
      '/truncated.hdr': (request, response, hit) => {
        if (hit > 1) return serveBytes(big)(request, response, hit);
        response.writeHead(200, { 'content-length': String(big.length) });
        response.write(Buffer.from(big.subarray(0, 120_000)), () => setTimeout(() => response.socket?.end(), 20));
      },
      '/slow.hdr': (request, response, hit) => {
        if (hit > 1) return serveBytes(small)(request, response, hit);
        response.writeHead(200, { 'content-length': String(small.length) });
        response.write(Buffer.from(small.subarray(0, 100)));
      },
      '/a': (_request, response) => response.writeHead(301, { location: '/b' }).end(),
      '/b': (_request, response) => response.writeHead(302, { location: '/c' }).end(),
      '/c': (_request, response) => response.writeHead(307, { location: '/final.hdr' }).end(),
      '/final.hdr': serveBytes(small),
      '/loop1': (_request, response) => response.writeHead(302, { location: '/loop2' }).end(),
      '/loop2': (_request, response) => response.writeHead(302, { location: '/loop1' }).end(),
      '/to-ftp': (_request, response) => response.writeHead(302, { location: 'ftp://127.0.0.1/x.hdr' }).end(),
      '/error-page.hdr': (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Sorry, moved</body></html>'),
      '/private/secret.hdr': serveBytes(small),
      '/huge.hdr': serveBytes(rgbeFile(50_000, 3)),
      '/mirror/small.hdr': serveBytes(small),
      '/other.hdr': serveBytes(small),
      '/clip.mp4': serveBytes(Uint8Array.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, ...new Array(500).fill(0)])),
      '/pack.zip': serveBytes(
        zipArchive([
          { name: 'good.hdr', data: rgbeFile(1000, 4) },
          { name: 'nested/dir/ok.exr', data: exrFile(1000, 5) },
          { name: '../evil.hdr', data: rgbeFile(1000, 6) },
          { name: '/abs.hdr', data: rgbeFile(1000, 7) },
          { name: 'fake.hdr', data: new TextEncoder().encode('<html><body>not an image</body></html>') },
          { name: 'readme.txt', data: new TextEncoder().encode('hello') },
        ]),
      ),
    });
  });
  afterAll(() => server.close());

  const entry = (name: string, path: string, extra = '') => `  - name: ${name}\n    kind: image\n    url: ${server.url(path)}\n${extra}`;

  it('retries 500s, honours Retry-After, resumes reset and truncated bodies with Range, and recovers from stalls', async () => {
    const yaml = ['name: faults', 'sources:', entry('flaky', '/flaky.hdr'), entry('limited', '/limited.hdr'), entry('reset', '/reset.hdr'), entry('truncated', '/truncated.hdr'), entry('slow', '/slow.hdr')].join('\n');
    const out = join(work, 'faults');
    const started = Date.now();
    const summary = await crawl(parseSourceList(yaml, 'faults.yaml'), { out, ...FAST });
    expect(summary).toMatchObject({ verified: 5, failed: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(server.hits.get('/flaky.hdr')).toBe(3);
    expect(server.ranges.get('/reset.hdr')).toEqual([undefined, 'bytes=100000-']);
    expect(server.ranges.get('/truncated.hdr')).toEqual([undefined, 'bytes=120000-']);
    const records = readManifest(out);
    for (const record of records) {
      const expected = record.source === 'reset' || record.source === 'truncated' ? big : small;
      expect(record).toMatchObject({ status: 'verified', sha256: sha(expected), bytes: expected.length });
    }
  });

  it('follows redirect chains, marks permanent moves, and refuses loops, other schemes, error pages, robots and oversize files', async () => {
    const yaml = [
      'name: links',
      'sources:',
      entry('chain', '/a'),
      entry('loop', '/loop1'),
      entry('ftp', '/to-ftp'),
      entry('errorpage', '/error-page.hdr'),
      entry('gone', '/missing.hdr'),
      entry('private', '/private/secret.hdr'),
      entry('huge', '/huge.hdr'),
    ].join('\n');
    const out = join(work, 'links');
    await crawl(parseSourceList(yaml, 'links.yaml'), { out, ...FAST, maxBytes: 20_000 });
    const bySource = Object.fromEntries(readManifest(out).map((record) => [record.source, record]));
    expect(bySource['chain']).toMatchObject({ status: 'verified', finalUrl: server.url('/final.hdr'), moved: true, sha256: sha(small) });
    expect(bySource['loop']!.error).toContain('redirect loop');
    expect(bySource['ftp']!.error).toContain('only http and https are followed');
    expect(bySource['errorpage']!.error).toContain('returned an HTML page, not a file');
    expect(bySource['gone']!.error).toContain('HTTP 404');
    expect(bySource['private']).toMatchObject({ status: 'disallowed' });
    expect(bySource['huge']!.error).toContain('more than the 20000-byte limit');
    expect(server.hits.get('/private/secret.hdr')).toBeUndefined();
    expect(existsSync(join(out, 'errorpage', new URL(server.origin).host.replace(':', '_'), 'error-page.hdr'))).toBe(false);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('## Dead links (2)');
    expect(report).toContain('## Moved permanently (1)');
    expect(report).toMatch(/\| gone \| http:\/\/127\.0\.0\.1:\d+\/missing\.hdr \| HTTP 404/);
  });

  it('falls back to mirrors, checks the expected sha256, and takes only video containers for video entries', async () => {
    const yaml = [
      'name: more',
      'sources:',
      entry('mirrored', '/not-here.hdr', `    mirrors: [${server.url('/mirror/small.hdr')}]\n`),
      entry('checked', '/final.hdr', `    sha256: ${sha(small)}\n`),
      entry('tampered', '/flaky.hdr', `    sha256: '${'0'.repeat(64)}'\n`),
      `  - name: clip\n    kind: video\n    url: ${server.url('/clip.mp4')}\n`,
      `  - name: notclip\n    kind: video\n    url: ${server.url('/other.hdr')}\n`,
    ].join('\n');
    const out = join(work, 'more');
    await crawl(parseSourceList(yaml, 'more.yaml'), { out, ...FAST });
    const bySource = Object.fromEntries(readManifest(out).map((record) => [record.source, record]));
    expect(bySource['mirrored']).toMatchObject({ status: 'verified', finalUrl: server.url('/mirror/small.hdr'), sha256: sha(small) });
    expect(bySource['checked']).toMatchObject({ status: 'verified' });
    expect(bySource['tampered']!.error).toContain(`differs from the expected ${'0'.repeat(64)}`);
    expect(bySource['clip']).toMatchObject({ status: 'verified', format: 'mp4' });
    expect(bySource['notclip']!.error).toContain('holds rgbe content, which this entry does not take');
  });

  it('unpacks zip archives, refusing members that escape the directory or are not images', async () => {
    const out = join(work, 'zip');
    await crawl(parseSourceList(['name: zip', 'sources:', entry('pack', '/pack.zip')].join('\n'), 'zip.yaml'), { out, ...FAST });
    const records = readManifest(out);
    const members = records.filter((record) => record.role === 'member');
    expect(members.filter((m) => m.status === 'verified').map((m) => m.url.split('#')[1])).toEqual(['good.hdr', 'nested/dir/ok.exr']);
    expect(Object.fromEntries(members.filter((m) => m.status === 'failed').map((m) => [m.url.split('#')[1], m.error]))).toEqual({
      '../evil.hdr': 'unsafe name (absolute, or leaves the archive directory)',
      '/abs.hdr': 'unsafe name (absolute, or leaves the archive directory)',
      'fake.hdr': 'html content',
    });
    for (const member of members.filter((m) => m.status === 'verified')) expect(existsSync(join(out, member.path!))).toBe(true);
    expect(existsSync(join(out, '..', 'evil.hdr'))).toBe(false);
  });
});
