/**
 * A small in-memory MLflow tracking server (REST API 2.0 and the artifact proxy) with the behaviour and
 * error shapes of `rest-transcript.jsonl`, plus injectable faults. State survives stop() / start(), so a
 * test can take the server down and bring it back on the same port.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface KeyValue {
  key: string;
  value: string;
}
interface Metric {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}
interface Run {
  info: { run_uuid: string; run_id: string; experiment_id: string; run_name: string; user_id: string; status: string; start_time: number; end_time?: number; artifact_uri: string; lifecycle_stage: string };
  params: Map<string, string>;
  tags: Map<string, string>;
  history: Map<string, Metric[]>;
}
interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  last_update_time: number;
  creation_time: number;
  tags: KeyValue[];
}
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}
/**
 * `status`: answer with it (and `retryAfter`) instead of handling; `reset`: destroy the socket without an
 * answer; `reset-after`: handle the request, then destroy the socket (the client never sees the ack);
 * `hang`: never answer; `before`: run a hook, then handle normally.
 */
export type Fault = { match: (method: string, path: string) => boolean; times: number } & (
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'reset' | 'reset-after' | 'hang' }
  | { kind: 'before'; hook: () => void }
);

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const NOT_FOUND_HTML =
  '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n';

export class MiniMlflow {
  readonly experiments = new Map<string, Experiment>();
  readonly runs = new Map<string, Run>();
  readonly artifacts = new Map<string, Buffer>();
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  searchPageSize = 1000;
  private server: Server | undefined;
  port = 0;

  constructor() {
    const now = Date.now();
    this.experiments.set('0', { experiment_id: '0', name: 'Default', artifact_location: 'mlflow-artifacts:/0', lifecycle_stage: 'active', last_update_time: now, creation_time: now, tags: [] });
  }

  get uri(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  history(runId: string, key: string): Metric[] {
    return this.runs.get(runId)?.history.get(key) ?? [];
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const isJson = String(request.headers['content-type'] ?? '').includes('json');
    this.requests.push({ method, path: url.pathname + url.search, headers: request.headers, body: isJson && raw.length ? JSON.parse(raw.toString()) : raw.length ? `<${raw.length} bytes>` : null });
    const fault = this.faults.find((candidate) => candidate.times > 0 && candidate.match(method, url.pathname));
    if (fault) {
      fault.times -= 1;
      if (fault.kind === 'status') {
        response.writeHead(fault.status, { 'Content-Type': 'text/plain', ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}) });
        response.end('injected fault');
        return;
      }
      if (fault.kind === 'reset') {
        request.socket.destroy();
        return;
      }
      if (fault.kind === 'hang') return;
      if (fault.kind === 'before') fault.hook();
    }
    let status = 200;
    let body: unknown;
    try {
      body = this.route(method, url, raw);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status = error.status;
      body = error.code === 'HTML' ? undefined : { error_code: error.code, message: error.message };
      if (error.code === 'HTML') {
        response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(NOT_FOUND_HTML);
        return;
      }
    }
    if (fault?.kind === 'reset-after') {
      request.socket.destroy();
      return;
    }
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  }

  private json<T = Record<string, any>>(raw: Buffer): T {
    return (raw.length ? JSON.parse(raw.toString()) : {}) as T;
  }

  private run(runId: string | null): Run {
    const run = runId ? this.runs.get(runId) : undefined;
    if (!run) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Run '${runId}' not found`);
    return run;
  }

  private runView(run: Run) {
    const metrics = [...run.history.values()].map((points) => points.reduce((a, b) => (b.step > a.step || (b.step === a.step && b.timestamp >= a.timestamp) ? b : a)));
    const params = [...run.params].map(([key, value]) => ({ key, value }));
    const tags = [...run.tags].map(([key, value]) => ({ key, value }));
    // Protobuf's JSON leaves out empty repeated fields.
    const data = { ...(metrics.length ? { metrics } : {}), ...(params.length ? { params } : {}), ...(tags.length ? { tags } : {}) };
    return { info: run.info, data, inputs: {} };
  }

  /** The direct children of an artifact folder, named relative to it, as the artifact proxy lists them. */
  private listArtifacts(folder: string): { path: string; is_dir: boolean; file_size?: number }[] {
    const prefix = `${folder}/`.replace(/^\/+/, '');
    const children = new Map<string, { path: string; is_dir: boolean; file_size?: number }>();
    for (const [key, value] of this.artifacts) {
      if (!key.startsWith(prefix)) continue;
      const [name, ...rest] = key.slice(prefix.length).split('/') as [string, ...string[]];
      children.set(name, rest.length ? { path: name, is_dir: true } : { path: name, is_dir: false, file_size: value.length });
    }
    return [...children.values()];
  }

  private route(method: string, url: URL, raw: Buffer): unknown {
    const path = url.pathname;
    const q = url.searchParams;
    const artifactPrefix = '/api/2.0/mlflow-artifacts/artifacts';
    if (method === 'PUT' && path.startsWith(`${artifactPrefix}/`)) {
      this.artifacts.set(decodeURIComponent(path.slice(artifactPrefix.length + 1)), raw);
      return {};
    }
    if (method === 'GET' && path === '/api/2.0/mlflow/artifacts/list') {
      const run = this.run(q.get('run_id'));
      const root = run.info.artifact_uri.replace(/^mlflow-artifacts:\/+/, '');
      const sub = q.get('path') ?? '';
      const listing = this.listArtifacts([root, sub].filter(Boolean).join('/'));
      return { root_uri: run.info.artifact_uri, ...(listing.length ? { files: listing.map((file) => ({ ...file, path: sub ? `${sub}/${file.path}` : file.path })) } : {}) };
    }
    if (method === 'GET' && path === artifactPrefix) {
      const listing = this.listArtifacts(q.get('path') ?? '');
      return listing.length ? { files: listing } : {};
    }
    const route = `${method} ${path}`;

    switch (route) {
      case 'GET /api/2.0/mlflow/experiments/get-by-name': {
        const name = q.get('experiment_name');
        const experiment = [...this.experiments.values()].find((candidate) => candidate.name === name);
        if (!experiment) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${name}'`);
        return { experiment };
      }
      case 'POST /api/2.0/mlflow/experiments/create': {
        const { name, tags } = this.json(raw);
        if ([...this.experiments.values()].some((candidate) => candidate.name === name)) throw new ApiError(400, 'RESOURCE_ALREADY_EXISTS', `Experiment '${name}' already exists.`);
        const id = (randomBytes(8).readBigUInt64BE() & 0x7fff_ffff_ffff_ffffn).toString();
        const now = Date.now();
        this.experiments.set(id, { experiment_id: id, name, artifact_location: `mlflow-artifacts:/${id}`, lifecycle_stage: 'active', last_update_time: now, creation_time: now, tags: tags ?? [] });
        return { experiment_id: id };
      }
      case 'POST /api/2.0/mlflow/experiments/search': {
        const { max_results: maxResults, filter } = this.json(raw);
        if (!maxResults) throw new ApiError(400, 'INVALID_PARAMETER_VALUE', 'Invalid value for max_results. It must be a positive integer, but got 0');
        const name = /^name = '(.*)'$/.exec(filter ?? '')?.[1];
        return { experiments: [...this.experiments.values()].filter((experiment) => name === undefined || experiment.name === name) };
      }
      case 'POST /api/2.0/mlflow/runs/create': {
        const body = this.json(raw);
        const experiment = this.experiments.get(body.experiment_id);
        if (!experiment) throw new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', `Could not find experiment with ID ${body.experiment_id}`);
        const runId = randomUUID().replaceAll('-', '');
        const tags = new Map<string, string>((body.tags ?? []).map((tag: KeyValue) => [tag.key, tag.value]));
        const runName = body.run_name ?? tags.get('mlflow.runName') ?? 'run';
        tags.set('mlflow.runName', runName);
        const run: Run = {
          info: { run_uuid: runId, experiment_id: experiment.experiment_id, run_name: runName, user_id: body.user_id ?? '', status: 'RUNNING', start_time: body.start_time ?? Date.now(), artifact_uri: `${experiment.artifact_location}/${runId}/artifacts`, lifecycle_stage: 'active', run_id: runId },
          params: new Map(),
          tags,
          history: new Map(),
        };
        this.runs.set(runId, run);
        return { run: this.runView(run) };
      }
      case 'GET /api/2.0/mlflow/runs/get':
        return { run: this.runView(this.run(q.get('run_id'))) };
      case 'POST /api/2.0/mlflow/runs/update': {
        const body = this.json(raw);
        const run = this.run(body.run_id);
        if (body.status) run.info.status = body.status;
        if (body.end_time) run.info.end_time = body.end_time;
        return { run_info: run.info };
      }
      case 'POST /api/2.0/mlflow/runs/set-tag': {
        const body = this.json(raw);
        this.run(body.run_id).tags.set(body.key, body.value);
        return {};
      }
      case 'POST /api/2.0/mlflow/runs/log-batch':
        return this.logBatch(this.json<Parameters<MiniMlflow['logBatch']>[0]>(raw));
      case 'POST /api/2.0/mlflow/runs/log-metric': {
        const { run_id: runId, ...metric } = this.json(raw);
        return this.logBatch({ run_id: runId, metrics: [metric as Metric] });
      }
      case 'GET /api/2.0/mlflow/metrics/get-history':
        return { metrics: this.history(this.run(q.get('run_id')).info.run_id, q.get('metric_key') ?? '') };
      case 'POST /api/2.0/mlflow/runs/search':
        return this.search(this.json<Parameters<MiniMlflow['search']>[0]>(raw));
      default:
        throw new ApiError(404, 'HTML', 'not found');
    }
  }

  private logBatch(body: { run_id: string; metrics?: Metric[]; params?: KeyValue[]; tags?: KeyValue[] }): unknown {
    const limit = (entity: string, max: number, count: number) => {
      if (count > max) {
        throw new ApiError(400, 'INVALID_PARAMETER_VALUE', `A batch logging request can contain at most ${max} ${entity}. Got ${count} ${entity}. Please split up ${entity} across multiple requests and try again.`);
      }
    };
    const [metrics, params, tags] = [body.metrics ?? [], body.params ?? [], body.tags ?? []];
    limit('metrics', 1000, metrics.length);
    limit('params', 100, params.length);
    limit('tags', 100, tags.length);
    limit('metrics, params, and tags', 1000, metrics.length + params.length + tags.length);
    const run = this.run(body.run_id);
    for (const { key, value } of params) {
      const current = run.params.get(key);
      if (current !== undefined && current !== value) {
        throw new ApiError(
          500,
          'INTERNAL_ERROR',
          `Changing param values is not allowed. Param with key='${key}' was already logged with value='${current}' for run ID='${run.info.run_id}'. Attempted logging new value '${value}'.`,
        );
      }
      run.params.set(key, value);
    }
    for (const metric of metrics) {
      const points = run.history.get(metric.key) ?? [];
      points.push({ key: metric.key, value: metric.value, timestamp: metric.timestamp, step: metric.step ?? 0 });
      run.history.set(metric.key, points);
    }
    for (const { key, value } of tags) run.tags.set(key, value);
    return {};
  }

  private search(body: { experiment_ids: string[]; filter?: string; max_results?: number; page_token?: string }): unknown {
    const match = /^tags\.(?:`([^`]+)`|([\w.]+)) = (?:'([^']*)'|"([^"]*)")$/.exec(body.filter ?? '');
    if (body.filter && !match) throw new ApiError(400, 'INVALID_PARAMETER_VALUE', `Invalid filter '${body.filter}'`);
    const [key, value] = match ? [match[1] ?? match[2], match[3] ?? match[4]] : [undefined, undefined];
    const all = [...this.runs.values()]
      .filter((run) => body.experiment_ids.includes(run.info.experiment_id) && (key === undefined || run.tags.get(key) === value))
      .sort((a, b) => b.info.start_time - a.info.start_time);
    const offset = Number(body.page_token ?? 0);
    const size = Math.min(body.max_results ?? 1000, this.searchPageSize);
    const page = all.slice(offset, offset + size);
    return { runs: page.map((run) => this.runView(run)), ...(offset + size < all.length ? { next_page_token: String(offset + size) } : {}) };
  }
}
