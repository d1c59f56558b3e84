import type { KeyValue, LogBatchBody, WireMetric } from './api.js';

/** MLflow's log-batch limits (mlflow/utils/validation.py): per request, and the request's JSON size. */
export const BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, total: 1000, bytes: 1_000_000 } as const;

/** Room left for the envelope (`{"run_id": ..., "metrics": [...]}`) below the byte limit. */
const ENVELOPE_BYTES = 1_000;

/**
 * Splits one logical batch into requests the server accepts: params first (so a run's config lands before
 * its first metrics), then tags, then metrics, keeping each metric key's points in order.
 */
export function splitBatch(runId: string, batch: { metrics?: WireMetric[]; params?: KeyValue[]; tags?: KeyValue[] }): LogBatchBody[] {
  const items: ({ kind: 'params' | 'tags'; item: KeyValue } | { kind: 'metrics'; item: WireMetric })[] = [
    ...(batch.params ?? []).map((item) => ({ kind: 'params' as const, item })),
    ...(batch.tags ?? []).map((item) => ({ kind: 'tags' as const, item })),
    ...(batch.metrics ?? []).map((item) => ({ kind: 'metrics' as const, item })),
  ];
  const requests: LogBatchBody[] = [];
  let current: LogBatchBody | undefined;
  let counts = { metrics: 0, params: 0, tags: 0, total: 0, bytes: 0 };
  for (const { kind, item } of items) {
    const bytes = Buffer.byteLength(JSON.stringify(item)) + 1;
    const full =
      !current || counts[kind] + 1 > BATCH_LIMITS[kind] || counts.total + 1 > BATCH_LIMITS.total || counts.bytes + bytes > BATCH_LIMITS.bytes - ENVELOPE_BYTES;
    if (full) {
      current = { run_id: runId };
      requests.push(current);
      counts = { metrics: 0, params: 0, tags: 0, total: 0, bytes: 0 };
    }
    const target = current!;
    if (kind === 'metrics') (target.metrics ??= []).push(item as WireMetric);
    else (target[kind] ??= []).push(item as KeyValue);
    counts[kind] += 1;
    counts.total += 1;
    counts.bytes += bytes;
  }
  return requests;
}
