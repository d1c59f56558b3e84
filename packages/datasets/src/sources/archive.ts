import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { safeRelativePath } from './file-names.js';
import { sniffContent, SNIFF_BYTES, type ContentKind } from './sniff.js';

export interface ExtractOptions {
  /** Which member names to unpack (the entry's include / exclude patterns). */
  readonly include: (name: string) => boolean;
  readonly accept: (kind: ContentKind) => boolean;
  readonly maxMemberBytes: number;
  readonly maxTotalBytes: number;
}

export interface ExtractedMember {
  /** The member's name in the archive, as stored. */
  readonly name: string;
  /** Where it was written, relative to the extraction directory. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly kind: ContentKind;
}

export interface ExtractionResult {
  readonly members: readonly ExtractedMember[];
  /** Members left out, with why: unsafe names, content of the wrong kind, over a size limit. */
  readonly rejected: readonly { name: string; reason: string }[];
}

const openZip = (path: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );

const openEntry = (zip: yauzl.ZipFile, entry: yauzl.Entry) =>
  new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));

/** Names are UTF-8 when general-purpose bit 11 is set; otherwise CP437, read here as Latin-1 (the ASCII part agrees). */
function memberName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return new TextDecoder(entry.generalPurposeBitFlag & 0x800 ? 'utf-8' : 'latin1').decode(raw);
}

/**
 * Unpacks the wanted members of a zip archive safely: names that are absolute or climb out with `..` are
 * refused, every other name made safe per segment; sizes are checked against the limits as bytes arrive
 * (the sizes an archive declares can lie); content is sniffed; each member is written to a temporary file
 * and renamed, so a killed extraction leaves no half member under its final name.
 */
export async function extractZip(archive: string, directory: string, options: ExtractOptions): Promise<ExtractionResult> {
  const zip = await openZip(archive);
  const members: ExtractedMember[] = [];
  const rejected: { name: string; reason: string }[] = [];
  let total = 0;
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(undefined));
        zip.once('error', reject);
        zip.readEntry();
      });
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (!entry) break;
      const name = memberName(entry);
      if (name.endsWith('/') || !options.include(name)) continue;
      const path = safeRelativePath(name);
      if (!path) {
        rejected.push({ name, reason: 'unsafe name (absolute, or leaves the archive directory)' });
        continue;
      }
      if (entry.uncompressedSize > options.maxMemberBytes || total + entry.uncompressedSize > options.maxTotalBytes) {
        rejected.push({ name, reason: `declares ${entry.uncompressedSize} bytes, over the size limit` });
        continue;
      }
      const target = join(directory, path);
      const part = `${target}.part`;
      await mkdir(dirname(target), { recursive: true });
      const hash = createHash('sha256');
      const head: Buffer[] = [];
      let bytes = 0;
      const stream = await openEntry(zip, entry);
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        hash.update(chunk);
        if (bytes - chunk.length < SNIFF_BYTES) head.push(chunk);
        if (bytes > options.maxMemberBytes) stream.destroy(new Error(`${name} unpacks to more than ${options.maxMemberBytes} bytes`));
      });
      try {
        await pipeline(stream, createWriteStream(part));
      } catch (error) {
        await rm(part, { force: true });
        rejected.push({ name, reason: error instanceof Error ? error.message : String(error) });
        continue;
      }
      const kind = sniffContent(Buffer.concat(head).subarray(0, SNIFF_BYTES));
      if (!options.accept(kind) || kind === 'zip') {
        await rm(part, { force: true });
        rejected.push({ name, reason: `${kind} content` });
        continue;
      }
      await rename(part, target);
      total += bytes;
      members.push({ name, path, bytes, sha256: hash.digest('hex'), kind });
    }
  } finally {
    zip.close();
  }
  return { members, rejected };
}
