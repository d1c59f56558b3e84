import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HttpStatusError, openUrl, type RequestOptions } from './http-client.js';
import { readHead } from '../files/read-head.js';
import { sha256OfFile } from '../files/sha256.js';
import { RetryableError } from './retry-policy.js';
import { sniffContent, SNIFF_BYTES, type ContentKind } from './sniff.js';

export interface DownloadOptions extends RequestOptions {
  /** Largest file accepted, in bytes. */
  readonly maxBytes: number;
  /** A body that sends nothing for this long is abandoned (and resumed on the next attempt). */
  readonly idleTimeoutMs: number;
  readonly accept: (kind: ContentKind) => boolean;
  readonly expectedSha256?: string;
}

export interface DownloadResult {
  readonly bytes: number;
  readonly sha256: string;
  readonly kind: ContentKind;
  readonly finalUrl: URL;
  readonly redirects: readonly number[];
}

/** A download whose content is not what the entry allows (an HTML error page saved as .hdr, a JPEG...). */
export class ContentRejectedError extends Error {
  override readonly name = 'ContentRejectedError';
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** The first byte a 206 response starts at, from Content-Range `bytes START-END/TOTAL`. */
function rangeStart(response: Response): number | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * One attempt at fetching `url` into `target`: bytes go to `target.part`, resumed with an HTTP Range
 * request when a part exists; the content is sniffed from its first bytes, hashed, checked against the
 * expected sha256 and size cap, and only then renamed into place, so `target` only ever holds a whole,
 * verified file. Network failures keep the part for the next attempt (RetryableError).
 */
export async function downloadOnce(url: URL, target: string, options: DownloadOptions): Promise<DownloadResult> {
  const part = `${target}.part`;
  await mkdir(dirname(target), { recursive: true });
  let offset = await sizeOf(part);
  let opened;
  try {
    opened = await openUrl(url, { ...options, headers: offset > 0 ? { range: `bytes=${offset}-` } : {} });
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 416) {
      await rm(part, { force: true });
      throw new RetryableError(`${url.href} refused to resume at byte ${offset}; starting again`);
    }
    throw error;
  }
  const { response, finalUrl, redirects, abort } = opened;
  if (response.status === 206 && rangeStart(response) !== offset) {
    await response.body?.cancel();
    await rm(part, { force: true });
    throw new RetryableError(`${url.href} answered a range other than the one asked for; starting again`);
  }
  if (response.status !== 206) offset = 0;
  const length = response.headers.has('content-length') ? Number(response.headers.get('content-length')) : undefined;
  if (length !== undefined && offset + length > options.maxBytes) {
    await response.body?.cancel();
    throw new ContentRejectedError(`${url.href} is ${offset + length} bytes, more than the ${options.maxBytes}-byte limit`);
  }
  const handle = await open(part, offset > 0 ? 'a' : 'w');
  let received = 0;
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => abort(new Error('idle')), options.idleTimeoutMs);
  };
  try {
    armIdle();
    for await (const chunk of response.body ?? []) {
      armIdle();
      received += chunk.byteLength;
      if (offset + received > options.maxBytes) throw new ContentRejectedError(`${url.href} exceeds the ${options.maxBytes}-byte limit`);
      await handle.write(chunk);
    }
  } catch (error) {
    if (error instanceof ContentRejectedError) throw error;
    throw new RetryableError(`${url.href}: transfer broke off after ${offset + received} bytes (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    clearTimeout(idle);
    await handle.close();
  }
  if (length !== undefined && received < length) {
    throw new RetryableError(`${url.href}: body ended after ${received} of ${length} bytes`);
  }
  const kind = sniffContent(await readHead(part, SNIFF_BYTES));
  if (!options.accept(kind)) {
    await rm(part, { force: true });
    throw new ContentRejectedError(
      kind === 'html' ? `${url.href} returned an HTML page, not a file (a dead link or an error page)` : `${url.href} holds ${kind} content, which this entry does not take`,
    );
  }
  const sha256 = await sha256OfFile(part);
  if (options.expectedSha256 && sha256 !== options.expectedSha256) {
    await rm(part, { force: true });
    throw new ContentRejectedError(`${url.href}: sha256 ${sha256} differs from the expected ${options.expectedSha256}`);
  }
  await rename(part, target);
  return { bytes: offset + received, sha256, kind, finalUrl, redirects };
}
