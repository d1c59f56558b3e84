/** Names Windows reserves whatever the extension: a file called so cannot be opened on that system. */
const DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_SEGMENT_BYTES = 200;

/**
 * One path segment safe on every common file system: no separators, control characters or characters
 * Windows refuses, no `.`/`..`, no device names, no trailing dots or spaces, at most 200 bytes. Returns
 * undefined when nothing usable is left.
 */
export function safeSegment(raw: string): string | undefined {
  let name = raw.normalize('NFC').replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').replace(/[. ]+$/, '').trim();
  if (name === '' || name === '.' || name === '..' || /^\.+$/.test(name)) return undefined;
  if (DEVICE_NAMES.test(name)) name = `_${name}`;
  while (Buffer.byteLength(name) > MAX_SEGMENT_BYTES) name = name.slice(0, -1);
  return name;
}

/**
 * A relative path whose every segment is safe, for archive members and URL paths; undefined for absolute
 * paths, drive letters and anything that climbs out with `..` (those are refused, not rewritten).
 */
export function safeRelativePath(raw: string): string | undefined {
  const unified = raw.replace(/\\/g, '/');
  if (unified.startsWith('/') || /^[A-Za-z]:/.test(unified)) return undefined;
  const segments: string[] = [];
  for (const part of unified.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    const safe = safeSegment(part);
    if (safe === undefined) return undefined;
    segments.push(safe);
  }
  return segments.length > 0 ? segments.join('/') : undefined;
}

/** The file name a URL is stored under: its last path segment, decoded and made safe, else `download`. */
export function fileNameFromUrl(url: URL): string {
  const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
  let decoded = last;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    // A malformed escape is kept as typed.
  }
  return safeSegment(decoded) ?? 'download';
}
