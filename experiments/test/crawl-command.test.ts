import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rgbeFile, serveBytes, startServer } from '../../packages/datasets/test/sources/support/test-server.js';
import { runCli } from './support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-crawl-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hdr-lab crawl', () => {
  it('crawls a source list, logs a plain line per URL off a terminal, and exits 1 when a URL failed', async () => {
    const server = await startServer({
      '/': (_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<a href="a.hdr">a</a><a href="b.hdr">b</a><a href="gone.hdr">c</a>'),
      '/a.hdr': serveBytes(rgbeFile(1000, 1)),
      '/b.hdr': serveBytes(rgbeFile(1000, 2)),
    });
    try {
      const list = join(work, 'list.yaml');
      writeFileSync(list, `name: cli\nsources:\n  - name: site\n    kind: page\n    url: ${server.url('/')}\n`);
      const out = join(work, 'data');
      const first = await runCli('crawl', list, '--out', out, '--retries', '0');
      expect(first.status).toBe(1);
      expect(first.out).toContain('cli: 2 downloaded, 0 already verified, 1 failed, 0 disallowed by robots.txt, 1 pages followed');
      expect(first.err).toContain(`page ${server.url('/')}: 3 files`);
      expect(first.err).toMatch(/failed http:\/\/127\.0\.0\.1:\d+\/gone\.hdr: HTTP 404/);
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## Dead links (1)');
      const second = await runCli('crawl', list, '--out', out, '--only', 'site', '--retries', '0');
      expect(second.out).toContain('0 downloaded, 2 already verified, 1 failed');
    } finally {
      await server.close();
    }
  });

  it('names the YAML path of a bad source list, and an unknown entry', async () => {
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, 'name: bad\nsources:\n  - name: x\n    kind: image\n    url: file:///etc/passwd\n');
    const result = await runCli('crawl', bad, '--out', join(work, 'unused'));
    expect(result.status).toBe(1);
    expect(result.err).toContain('bad.yaml: sources[0].url: expected an http(s) URL');
    const good = join(work, 'good.yaml');
    writeFileSync(good, 'name: good\nsources:\n  - name: x\n    kind: image\n    url: http://127.0.0.1:9/x.hdr\n');
    const unknown = await runCli('crawl', good, '--out', join(work, 'unused'), '--only', 'y');
    expect(unknown.err).toContain("no entry named y in 'good'; entries: x");
  });
});
