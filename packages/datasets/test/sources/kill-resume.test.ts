import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, loadSourceList } from '../../src/index.js';
import { rgbeFile, startServer, type Route, type TestServer } from './support/test-server.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-kill-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const CHILD = fileURLToPath(new URL('./support/crawl-child.ts', import.meta.url));

/** Every file under a directory, relative, sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/** Part files that already hold bytes: only those can be resumed with a Range request. */
function nonEmptyParts(dir: string): string[] {
  return tree(dir).filter((path) => {
    if (!path.endsWith('.part')) return false;
    try {
      return statSync(join(dir, path)).size > 0;
    } catch {
      return false;
    }
  });
}

describe('a crawl killed with SIGKILL and run again', () => {
  let server: TestServer;
  const files = Array.from({ length: 24 }, (_, i) => rgbeFile(40_000 + i * 1000, i));

  beforeAll(async () => {
    const routes: Record<string, Route> = {
      '/': (_request, response) =>
        response.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body>${files.map((_, i) => `<a href="f${i}.hdr">f${i}</a>`).join('')}</body></html>`),
    };
    files.forEach((bytes, i) => {
      routes[`/f${i}.hdr`] = (request, response) => {
        const match = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
        const start = match ? Number(match[1]) : 0;
        const body = Buffer.from(bytes.subarray(start));
        const headers = { 'content-length': String(body.length), 'accept-ranges': 'bytes' };
        response.writeHead(match ? 206 : 200, match ? { ...headers, 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : headers);
        // Half now, half later: a kill lands mid-body as often as between files.
        const half = body.length >> 1;
        response.write(body.subarray(0, half));
        setTimeout(() => response.end(body.subarray(half)), 60);
      };
    });
    server = await startServer(routes);
  });
  afterAll(() => server.close());

  it('ends with the same manifest and files as an uninterrupted crawl', async () => {
    const listPath = join(work, 'list.yaml');
    writeFileSync(listPath, `name: kill\nsources:\n  - name: site\n    kind: page\n    url: ${server.url('/')}\n`);
    const interrupted = join(work, 'interrupted');
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@hdr-lab/source', CHILD, listPath, interrupted], { stdio: 'ignore' });
    const manifest = join(interrupted, 'manifest.jsonl');
    const deadline = Date.now() + 20_000;
    // Kill mid-body: several files settled and one half-written, waiting for the rest of its bytes.
    while (Date.now() < deadline) {
      const settled = existsSync(manifest) ? readFileSync(manifest, 'utf8').split('\n').length : 0;
      if (settled > 6 && nonEmptyParts(interrupted).length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const settledBeforeKill = readFileSync(manifest, 'utf8').trim().split('\n').length;
    expect(settledBeforeKill).toBeGreaterThan(5);
    expect(settledBeforeKill).toBeLessThan(files.length + 1);
    // Under load the kill can land before any part holds bytes; only a non-empty part can be resumed.
    const partsAtKill = nonEmptyParts(interrupted);

    const list = await loadSourceList(listPath);
    const resumed = await crawl(list, { out: interrupted, retry: { retries: 4, baseDelayMs: 10 } });
    const straight = join(work, 'straight');
    await crawl(list, { out: straight, retry: { retries: 4, baseDelayMs: 10 } });

    // Files in flight at the kill are resumed from their parts, not fetched again from the start.
    const rangedRequests = [...server.ranges.values()].flat().filter(Boolean).length;
    expect(rangedRequests).toBeGreaterThanOrEqual(partsAtKill.length > 0 ? 1 : 0);
    expect(resumed.failed).toBe(0);
    expect(resumed.verified + resumed.skipped).toBe(files.length);
    expect(readFileSync(manifest, 'utf8')).toBe(readFileSync(join(straight, 'manifest.jsonl'), 'utf8'));
    expect(tree(interrupted)).toEqual(tree(straight));
    expect(tree(interrupted).some((path) => path.endsWith('.part'))).toBe(false);
  }, 60_000);
});
