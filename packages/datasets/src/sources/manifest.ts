import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';

export type RecordStatus = 'verified' | 'failed' | 'disallowed' | 'followed';

/** One URL's outcome. No times or attempt counts: a re-run that ends in the same state writes the same record. */
export interface ManifestRecord {
  readonly url: string;
  readonly source: string;
  /** A downloaded file, a gallery page that was followed, or a member unpacked from an archive (url#member). */
  readonly role: 'file' | 'page' | 'member';
  readonly status: RecordStatus;
  /** The page that linked this file (the first in URL order), or the archive a member came from. */
  readonly parent?: string;
  /** Where the file is, relative to the data root. */
  readonly path?: string;
  readonly bytes?: number;
  readonly sha256?: string;
  readonly format?: string;
  /** Where the URL led after redirects, when that differs. */
  readonly finalUrl?: string;
  /** The redirect chain held a 301 or 308: the link has moved for good. */
  readonly moved?: boolean;
  /** Files a followed page linked to that the entry's patterns take. */
  readonly links?: number;
  readonly error?: string;
}

const compare = (a: ManifestRecord, b: ManifestRecord) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);

/**
 * `manifest.jsonl` under the data root: appended to as records are settled (a killed crawl keeps every
 * complete line; a torn last line is ignored on load), and rewritten sorted by URL, one record per URL,
 * when a crawl ends, so an interrupted-and-resumed crawl and an uninterrupted one leave the same file.
 */
export class Manifest {
  private readonly records = new Map<string, ManifestRecord>();
  private readonly settled = new Set<string>();
  private writes: Promise<void> = Promise.resolve();

  private constructor(readonly path: string) {}

  static async load(path: string): Promise<Manifest> {
    const manifest = new Manifest(path);
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const record = JSON.parse(line) as ManifestRecord;
        if (typeof record.url === 'string') manifest.records.set(record.url, record);
      } catch {
        // The torn last line of a killed crawl.
      }
    }
    return manifest;
  }

  get(url: string): ManifestRecord | undefined {
    return this.records.get(url);
  }

  all(): ManifestRecord[] {
    return [...this.records.values()].sort(compare);
  }

  /** Settles a URL's record; the line is appended at once, in order with the others. */
  set(record: ManifestRecord): Promise<void> {
    this.records.set(record.url, record);
    this.settled.add(record.url);
    this.writes = this.writes.then(() => appendFile(this.path, `${JSON.stringify(record)}\n`));
    return this.writes;
  }

  /**
   * One record per URL, sorted, written atomically over the journal. Records of the sources crawled this
   * time that this crawl did not settle (URLs no longer listed or linked) are dropped; other sources' stay.
   */
  async compact(crawledSources: ReadonlySet<string>): Promise<void> {
    await this.writes;
    const kept = this.all().filter((record) => this.settled.has(record.url) || !crawledSources.has(record.source));
    const temporary = `${this.path}.tmp`;
    await writeFile(temporary, kept.map((record) => JSON.stringify(record) + '\n').join(''));
    await rename(temporary, this.path);
  }
}
