import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSourceList, parseSourceList, safeRelativePath, safeSegment, sniffContent } from '../../src/index.js';
import { parseRetryAfter } from '../../src/sources/retry-policy.js';
import { globTest } from '../../src/sources/patterns.js';
import { HostLimiter } from '../../src/sources/limiter.js';

const TABLE5 = fileURLToPath(new URL('../../../../configs/sources/hybrid-loss-table5.yaml', import.meta.url));

describe('source lists', () => {
  it("ship the hybrid-loss paper's Table 5 with its counts and dead links noted", async () => {
    const list = await loadSourceList(TABLE5);
    expect(list.sources).toHaveLength(25);
    expect(list.sources.filter((entry) => ['stuttgart', 'dml-hdr', 'liu-hdrv', 'boitard', 'mpi'].includes(entry.name))).toHaveLength(5);
    expect(list.sources.reduce((sum, entry) => sum + (entry.expectedFiles ?? 0), 0)).toBe(920 + 61);
    expect(list.sources.find((entry) => entry.name === 'empa')!.note).toContain('dead');
  });

  it('name the YAML path of every problem', () => {
    const parse = (text: string) => () => parseSourceList(`name: x\nsources:\n${text}`, 'list.yaml');
    expect(parse('  - name: a\n    url: ftp://h/x\n    kind: image\n')).toThrow('list.yaml: sources[0].url: expected an http(s) URL');
    expect(parse('  - name: a\n    url: http://h/x\n    kind: photo\n')).toThrow('list.yaml: sources[0].kind:');
    expect(parse('  - name: a\n    url: http://h/x\n    kind: image\n    colour: 1\n')).toThrow('sources[0]: Unrecognized key: "colour"');
    expect(parse('  - name: a\n    url: http://h/x\n    kind: image\n  - name: a\n    url: http://h/y\n    kind: image\n')).toThrow("sources[1].name: 'a' is used twice");
    expect(parse('  - name: a\n    url: http://h/x\n    kind: image\n    sha256: ABC\n')).toThrow('sources[0].sha256: expected 64 lower-case hex digits');
    expect(() => parseSourceList('name: x\nsources: [\n', 'bad.yaml')).toThrow(/^bad\.yaml:\d+:\d+: not valid YAML/);
  });
});

describe('safe names', () => {
  it('refuse absolute paths and climbing out, and clean every segment', () => {
    expect(safeRelativePath('../etc/passwd')).toBeUndefined();
    expect(safeRelativePath('a/../../b')).toBeUndefined();
    expect(safeRelativePath('/abs/x.hdr')).toBeUndefined();
    expect(safeRelativePath('C:\\windows\\x.hdr')).toBeUndefined();
    expect(safeRelativePath('dir\\sub/./x.hdr')).toBe('dir/sub/x.hdr');
    expect(safeSegment('CON.hdr')).toBe('_CON.hdr');
    expect(safeSegment('a<b>:c|d?.hdr')).toBe('a_b__c_d_.hdr');
    expect(safeSegment('trailing. ')).toBe('trailing');
    expect(safeSegment('..')).toBeUndefined();
    expect(Buffer.byteLength(safeSegment('é'.repeat(300))!)).toBeLessThanOrEqual(200);
  });
});

describe('content sniffing', () => {
  const bytes = (...values: number[]) => Uint8Array.from(values);
  it('tells HDR formats, archives, videos and HTML error pages apart by their first bytes', () => {
    expect(sniffContent(new TextEncoder().encode('#?RADIANCE\n'))).toBe('rgbe');
    expect(sniffContent(bytes(0x76, 0x2f, 0x31, 0x01))).toBe('exr');
    expect(sniffContent(new TextEncoder().encode('PF\n4 4\n-1\n'))).toBe('pfm');
    expect(sniffContent(bytes(0x50, 0x4b, 0x03, 0x04))).toBe('zip');
    expect(sniffContent(bytes(0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70))).toBe('mp4');
    expect(sniffContent(bytes(0x1a, 0x45, 0xdf, 0xa3))).toBe('matroska');
    expect(sniffContent(new TextEncoder().encode('\uFEFF  <!DOCTYPE HTML><html>'))).toBe('html');
    expect(sniffContent(new TextEncoder().encode('hello'))).toBe('unknown');
  });
});

describe('crawl helpers', () => {
  it('read Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('match file-name globs against the last path segment, case-insensitively', () => {
    expect(globTest('*.hdr')(new URL('http://h/a/B%20C.HDR?x=1'))).toBe(true);
    expect(globTest('*.hdr')(new URL('http://h/a.hdr.jpg'))).toBe(false);
    expect(globTest('http://h/keep/*')(new URL('http://h/keep/x.exr'))).toBe(true);
  });

  it('never run more than the global and per-host limits at once', async () => {
    const limiter = new HostLimiter(3, 2);
    let running = 0;
    let peak = 0;
    const perHost = new Map<string, number>();
    let hostPeak = 0;
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const host = `h${i % 3}`;
        const release = await limiter.acquire(host);
        running++;
        perHost.set(host, (perHost.get(host) ?? 0) + 1);
        peak = Math.max(peak, running);
        hostPeak = Math.max(hostPeak, perHost.get(host)!);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        perHost.set(host, perHost.get(host)! - 1);
        release();
      }),
    );
    expect(peak).toBe(3);
    expect(hostPeak).toBeLessThanOrEqual(2);
  });
});
