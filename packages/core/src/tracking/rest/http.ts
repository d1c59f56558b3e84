import { createReadStream } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request body: JSON text, or a file streamed from disk (artifacts may be large checkpoints). */
export type HttpBody = { json: string } | { file: string; size: number };

/** The request never got an HTTP answer: refused, reset, timed out, DNS. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface HttpClient {
  request(method: string, url: URL, headers: Record<string, string>, body: HttpBody | undefined, timeoutMs: number): Promise<HttpResponse>;
  close(): void;
}

/** node:http with its own keep-alive agents, so `close()` can drop this client's sockets and let the process exit. */
export function createHttpClient(): HttpClient {
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  return {
    request(method, url, headers, body, timeoutMs) {
      const secure = url.protocol === 'https:';
      const transport = secure ? https : http;
      const allHeaders: Record<string, string | number> = { ...headers };
      if (body && 'json' in body) {
        allHeaders['Content-Type'] = 'application/json';
        allHeaders['Content-Length'] = Buffer.byteLength(body.json);
      } else if (body) {
        allHeaders['Content-Type'] = 'application/octet-stream';
        allHeaders['Content-Length'] = body.size;
      }
      return new Promise<HttpResponse>((resolve, reject) => {
        const request = transport.request(url, { method, headers: allHeaders, agent: secure ? agents.https : agents.http }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', (error: NodeJS.ErrnoException) => reject(new NetworkError(error.code ?? 'ECONNRESET', error.message)));
        });
        request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
        request.on('error', (error: NodeJS.ErrnoException) => reject(new NetworkError(error.code ?? 'ECONNRESET', error.message)));
        if (body && 'file' in body) {
          const stream = createReadStream(body.file);
          stream.on('error', (error) => request.destroy(error));
          stream.pipe(request);
        } else {
          request.end(body?.json);
        }
      });
    },
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
