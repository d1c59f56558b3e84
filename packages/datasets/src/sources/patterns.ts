/**
 * A file-name glob (`*`, `?`, case-insensitive) as a test on a URL: patterns without `/` match the last
 * path segment, patterns with `/` the whole URL. Written here because the entries need only these two
 * wildcards and full glob libraries match file-system paths, not URLs.
 */
export function globTest(pattern: string): (url: URL) => boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`, 'i');
  if (pattern.includes('/')) return (url) => regex.test(url.href);
  return (url) => {
    const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
    let decoded = last;
    try {
      decoded = decodeURIComponent(last);
    } catch {
      // Kept as typed.
    }
    return regex.test(decoded);
  };
}

/** True when a URL matches an include pattern and no exclude pattern. */
export function urlFilter(include: readonly string[], exclude: readonly string[]): (url: URL) => boolean {
  const includes = include.map(globTest);
  const excludes = exclude.map(globTest);
  return (url) => includes.some((test) => test(url)) && !excludes.some((test) => test(url));
}
