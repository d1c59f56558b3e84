import { createHash } from 'node:crypto';
import { extname, join } from 'node:path';
import { safeRelativePath, safeSegment } from './file-names.js';
import type { SourceEntry } from './source-list.js';

/**
 * Where a URL's file is stored, relative to the data root: `<entry>/<host>/<URL path>`, so names follow
 * the site's structure and two URLs never share a file; a query string adds a short hash of itself.
 */
export function targetPath(entry: SourceEntry, url: URL): string {
  let decoded = url.pathname;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    // A malformed escape is kept as typed.
  }
  const relative = decoded.replace(/^\/+/, '');
  let path = safeRelativePath(relative === '' || relative.endsWith('/') ? `${relative}index` : relative) ?? 'index';
  if (url.search) {
    const extension = extname(path);
    const suffix = createHash('sha256').update(url.search).digest('hex').slice(0, 8);
    path = `${path.slice(0, path.length - extension.length)}-${suffix}${extension}`;
  }
  return join(entry.name, safeSegment(url.host) ?? 'host', path);
}

/** Where an archive's members are unpacked: beside it, in `<archive>-unpacked/`. */
export function unpackDirectory(archivePath: string): string {
  return `${archivePath}-unpacked`;
}
