import { TrackingError } from '../errors.js';
import { authHeaders } from './auth.js';
import { NetworkError, type HttpBody, type HttpClient, type HttpResponse } from './http.js';
import { backoffDelay, isRetryableStatus, retryAfterMs, sleep, type RetryPolicy } from './retry.js';

/** The server could not be reached (or stayed overloaded) through every retry: the caller may spool. */
export class ServerUnreachableError extends TrackingError {
  readonly unreachable = true;
}

export function isUnreachable(error: unknown): error is ServerUnreachableError {
  return error instanceof ServerUnreachableError;
}

export interface KeyValue {
  key: string;
  value: string;
}
/** A metric as MLflow's JSON carries it; non-finite values travel as the strings protobuf uses. */
export interface WireMetric {
  key: string;
  value: number | 'NaN' | 'Infinity' | '-Infinity';
  timestamp: number;
  step: number;
}
export interface LogBatchBody {
  run_id: string;
  metrics?: WireMetric[];
  params?: KeyValue[];
  tags?: KeyValue[];
}
export interface WireRunInfo {
  run_id: string;
  experiment_id: string;
  status: string;
  artifact_uri: string;
  start_time?: number;
  end_time?: number;
}
export interface WireRun {
  info: WireRunInfo;
  data?: { params?: KeyValue[]; tags?: KeyValue[] };
}

interface CallOptions {
  query?: Record<string, string>;
  json?: unknown;
  file?: { path: string; size: number };
  /** Called before every retry; returns the body to send next (log-batch drops points the server already has). */
  beforeRetry?: () => Promise<unknown>;
}

/** MLflow REST API 2.0, one method per endpoint the tracker uses, with retries and MLflow's error shapes. */
export class MlflowApi {
  private readonly base: string;

  constructor(
    baseUri: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly policy: RetryPolicy,
    private readonly http: HttpClient,
  ) {
    this.base = baseUri.replace(/\/+$/, '');
  }

  async call<T>(method: string, endpoint: string, options: CallOptions = {}): Promise<T> {
    const url = new URL(`${this.base}${endpoint}`);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
    const label = `${method} ${endpoint}`;
    let json = options.json;
    let last: HttpResponse | NetworkError | undefined;
    for (let attempt = 0; attempt <= this.policy.retries; attempt += 1) {
      if (attempt > 0) {
        const hinted = last instanceof NetworkError || last?.status !== 429 ? undefined : retryAfterMs(last.headers['retry-after']);
        await sleep(Math.min(this.policy.maxDelayMs, hinted ?? backoffDelay(this.policy, attempt - 1)));
        if (options.beforeRetry) {
          try {
            json = await options.beforeRetry();
          } catch (error) {
            if (!isUnreachable(error)) throw error;
            last = new NetworkError('ECONNRESET', error.message);
            continue;
          }
        }
      }
      const body: HttpBody | undefined = options.file ? { file: options.file.path, size: options.file.size } : json === undefined ? undefined : { json: JSON.stringify(json) };
      try {
        last = await this.http.request(method, url, authHeaders(this.env), body, this.policy.timeoutMs);
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        last = error;
        continue;
      }
      if (last.status >= 200 && last.status < 300) return (last.body.trim() === '' ? {} : JSON.parse(last.body)) as T;
      if (!isRetryableStatus(last.status)) throw responseError(label, last);
    }
    if (last instanceof NetworkError || last === undefined) {
      throw new ServerUnreachableError(label, `${last?.code ?? 'no answer'} after ${this.policy.retries} retries (${last?.message ?? ''}); is the tracking server at ${this.base} running?`, {
        errorCode: last?.code,
      });
    }
    const error = responseError(label, last);
    // A 500 carrying MLflow's error_code is the server's definite answer (e.g. a changed param), not an outage.
    if (last.status === 500 && error.errorCode) throw error;
    throw new ServerUnreachableError(label, `still failing after ${this.policy.retries} retries: ${error.message}`, { status: last.status, errorCode: error.errorCode });
  }

  async getExperimentByName(name: string): Promise<string | undefined> {
    try {
      const response = await this.call<{ experiment: { experiment_id: string } }>('GET', '/api/2.0/mlflow/experiments/get-by-name', { query: { experiment_name: name } });
      return response.experiment.experiment_id;
    } catch (error) {
      if (error instanceof TrackingError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST') return undefined;
      throw error;
    }
  }

  async createExperiment(name: string, tags: KeyValue[]): Promise<string> {
    const body = tags.length > 0 ? { name, tags } : { name };
    return (await this.call<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', { json: body })).experiment_id;
  }

  async createRun(body: { experiment_id: string; run_name: string; start_time: number; user_id: string; tags: KeyValue[] }): Promise<WireRun> {
    return (await this.call<{ run: WireRun }>('POST', '/api/2.0/mlflow/runs/create', { json: body })).run;
  }

  async getRun(runId: string): Promise<WireRun> {
    return (await this.call<{ run: WireRun }>('GET', '/api/2.0/mlflow/runs/get', { query: { run_id: runId } })).run;
  }

  async updateRun(body: { run_id: string; status: string; end_time?: number }): Promise<void> {
    await this.call('POST', '/api/2.0/mlflow/runs/update', { json: body });
  }

  async setTag(body: { run_id: string; key: string; value: string }): Promise<void> {
    await this.call('POST', '/api/2.0/mlflow/runs/set-tag', { json: body });
  }

  /**
   * `maybeSent`: the batch may already have reached the server (a replay after a crash). Then, as before every
   * retry, the points the server already holds are dropped, so a metric's history never gets a point twice.
   */
  async logBatch(body: LogBatchBody, maybeSent = false): Promise<void> {
    const withoutLogged = async () => (body.metrics?.length ? { ...body, metrics: await this.dropLogged(body.run_id, body.metrics) } : body);
    const json = maybeSent ? await withoutLogged() : body;
    if (json.metrics?.length === 0 && !json.params?.length && !json.tags?.length) return;
    await this.call('POST', '/api/2.0/mlflow/runs/log-batch', { json, beforeRetry: withoutLogged });
  }

  private async dropLogged(runId: string, metrics: WireMetric[]): Promise<WireMetric[]> {
    const seen = new Set<string>();
    for (const key of new Set(metrics.map((metric) => metric.key))) {
      for (const point of await this.getMetricHistory(runId, key)) seen.add(`${key}|${point.step}|${point.timestamp}|${point.value}`);
    }
    return metrics.filter((metric) => !seen.has(`${metric.key}|${metric.step}|${metric.timestamp}|${metric.value}`));
  }

  async getMetricHistory(runId: string, key: string): Promise<WireMetric[]> {
    const points: WireMetric[] = [];
    let pageToken: string | undefined;
    do {
      const query: Record<string, string> = { run_id: runId, metric_key: key };
      if (pageToken) query.page_token = pageToken;
      const page = await this.call<{ metrics?: WireMetric[]; next_page_token?: string }>('GET', '/api/2.0/mlflow/metrics/get-history', { query });
      points.push(...(page.metrics ?? []));
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return points;
  }

  async searchRuns(experimentId: string, filter: string): Promise<WireRun[]> {
    const runs: WireRun[] = [];
    let pageToken: string | undefined;
    do {
      const body: Record<string, unknown> = { experiment_ids: [experimentId], filter, max_results: 1000 };
      if (pageToken) body.page_token = pageToken;
      const page = await this.call<{ runs?: WireRun[]; next_page_token?: string }>('POST', '/api/2.0/mlflow/runs/search', { json: body });
      runs.push(...(page.runs ?? []));
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    return runs;
  }

  /** `remotePath`: `<experiment>/<run>/artifacts/<path>`, as the run's `mlflow-artifacts:` URI names it. */
  async uploadArtifact(remotePath: string, file: { path: string; size: number }): Promise<void> {
    await this.call('PUT', `/api/2.0/mlflow-artifacts/artifacts/${remotePath.split('/').map(encodeURIComponent).join('/')}`, { file });
  }

  async listArtifacts(remotePath: string): Promise<{ path: string; is_dir?: boolean; file_size?: number | string }[]> {
    return (await this.call<{ files?: { path: string; is_dir?: boolean; file_size?: number | string }[] }>('GET', '/api/2.0/mlflow-artifacts/artifacts', { query: { path: remotePath } })).files ?? [];
  }
}

function responseError(label: string, response: HttpResponse): TrackingError {
  let parsed: { error_code?: unknown; message?: unknown } | undefined;
  try {
    parsed = JSON.parse(response.body) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed.error_code === 'string') {
    return new TrackingError(label, String(parsed.message ?? ''), { status: response.status, errorCode: parsed.error_code });
  }
  const text = response.body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
  const hint = response.status === 404 ? '; is this an MLflow tracking server, and is the URI its root (no /api suffix)?' : '';
  return new TrackingError(label, `${text || 'empty response'}${hint}`, { status: response.status });
}
