import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Handles one request; `hit` counts the requests to this path so far, from 1, to script faults. */
export type Route = (request: IncomingMessage, response: ServerResponse, hit: number) => unknown;

export interface TestServer {
  readonly origin: string;
  url(path: string): string;
  /** Requests per path, and the Range header each carried. */
  readonly hits: Map<string, number>;
  readonly ranges: Map<string, (string | undefined)[]>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 with scripted routes; unknown paths get 404. */
export async function startServer(routes: Readonly<Record<string, Route>>): Promise<TestServer> {
  const hits = new Map<string, number>();
  const ranges = new Map<string, (string | undefined)[]>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    ranges.set(path, [...(ranges.get(path) ?? []), request.headers.range]);
    const route = routes[path];
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>not found</body></html>');
      return;
    }
    void route(request, response, hit);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    hits,
    ranges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves bytes with Content-Length, honouring `Range: bytes=N-` with a 206. */
export function serveBytes(bytes: Uint8Array, type = 'application/octet-stream'): Route {
  return (request, response) => {
    const match = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = match ? Number(match[1]) : 0;
    if (start >= bytes.length && match) {
      response.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
      return;
    }
    const headers = { 'content-type': type, 'content-length': String(bytes.length - start), 'accept-ranges': 'bytes' };
    if (match) response.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` });
    else response.writeHead(200, headers);
    response.end(Buffer.from(bytes.subarray(start)));
  };
}

/** A Radiance RGBE file of `size` bytes: a real header, then deterministic filler (the crawler only sniffs). */
export function rgbeFile(size: number, seed: number): Uint8Array {
  const header = Buffer.from('#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 +X 1\n');
  const bytes = new Uint8Array(size);
  bytes.set(header);
  let state = seed * 2654435761;
  for (let i = header.length; i < size; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** An OpenEXR-looking file (magic and version) of `size` bytes. */
export function exrFile(size: number, seed: number): Uint8Array {
  const bytes = rgbeFile(size, seed);
  bytes.set([0x76, 0x2f, 0x31, 0x01, 2, 0, 0, 0]);
  return bytes;
}
