import { Parser } from 'htmlparser2';

/** Attributes that hold links to files or further pages. */
const LINK_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  img: ['src'],
  source: ['src'],
  video: ['src'],
  iframe: ['src'],
};

/**
 * Every link of an HTML page, resolved against the page URL (and its <base href>), http(s) only, without
 * fragments, deduplicated, in document order. htmlparser2 copes with the broken markup old gallery pages
 * are made of.
 */
export function extractLinks(html: string, pageUrl: URL): URL[] {
  let base = pageUrl;
  const links = new Map<string, URL>();
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'base' && attributes['href']) {
          try {
            base = new URL(attributes['href'], pageUrl);
          } catch {
            // An unusable <base> leaves the page URL as the base.
          }
          return;
        }
        for (const attribute of LINK_ATTRIBUTES[name] ?? []) {
          const value = attributes[attribute]?.trim();
          if (!value) continue;
          let url: URL;
          try {
            url = new URL(value, base);
          } catch {
            continue;
          }
          if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
          url.hash = '';
          if (!links.has(url.href)) links.set(url.href, url);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return [...links.values()];
}
