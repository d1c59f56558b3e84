import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './support/fixtures.js';
import { MiniMlflow } from './support/mini-mlflow.js';

interface Exchange {
  method: string;
  path: string;
  request: unknown;
  status: number;
  content_type: string;
  response: unknown;
}

/** Drops what depends on the clock of the recording, and array order, which MLflow does not promise. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'creation_time' && key !== 'last_update_time').map(([key, item]) => [key, comparable(item)]));
  }
  return value;
}

/**
 * The REST tests run the client against MiniMlflow, so MiniMlflow must answer as MLflow 2.9 did: this replays
 * every recorded exchange (ids mapped to the ones MiniMlflow hands out) and compares status, content type and
 * the whole body.
 */
describe('MiniMlflow against the recorded MLflow 2.9 transcript', () => {
  const server = new MiniMlflow();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('answers every recorded request as the real server did', async () => {
    const exchanges = (await readFile(join(FIXTURES, 'rest-transcript.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Exchange);
    expect(exchanges).toHaveLength(23);
    const ids = new Map<string, string>();
    const mapIds = (text: string) => [...ids].reduce((out, [recorded, ours]) => out.replaceAll(recorded, ours), text);
    for (const exchange of exchanges) {
      const isUpload = typeof exchange.request === 'string';
      const body = isUpload ? '{"psnr": 30.5}' : exchange.request === null ? undefined : mapIds(JSON.stringify(exchange.request));
      const response = await fetch(`${server.uri}${mapIds(exchange.path)}`, {
        method: exchange.method,
        body,
        headers: body === undefined ? {} : { 'Content-Type': isUpload ? 'application/octet-stream' : 'application/json' },
      });
      const label = `${exchange.method} ${exchange.path}`;
      expect(response.status, label).toBe(exchange.status);
      expect(response.headers.get('content-type'), label).toBe(exchange.content_type);
      const text = await response.text();
      if (!exchange.content_type.includes('json')) {
        expect(text, label).toBe(exchange.response);
        continue;
      }
      const ours = JSON.parse(text) as Record<string, any>;
      const recorded = exchange.response as Record<string, any>;
      if (recorded.experiment_id) ids.set(recorded.experiment_id, ours.experiment_id);
      if (recorded.run?.info?.run_id && !ids.has(recorded.run.info.run_id)) ids.set(recorded.run.info.run_id, ours.run.info.run_id);
      expect(comparable(ours), label).toEqual(comparable(JSON.parse(mapIds(JSON.stringify(recorded)))));
    }
  });
});
