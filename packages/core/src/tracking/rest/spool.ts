import { randomBytes, randomUUID } from 'node:crypto';
import { appendFile, copyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../file-store/atomic.js';
import type { LogBatchBody } from './api.js';
import { isProcessAlive } from '../../process/process-alive.js';

/** What the tracker sends; an artifact's `file` is a local path (a copy inside the spool once spooled). */
export type SpoolOp =
  | { op: 'log-batch'; body: LogBatchBody }
  | { op: 'set-tag'; body: { run_id: string; key: string; value: string } }
  | { op: 'update-run'; body: { run_id: string; status: string; end_time: number } }
  | { op: 'artifact'; remotePath: string; file: string };

type SpoolRecord = SpoolOp & { id: string };

export type Send = (op: SpoolOp, maybeSent: boolean) => Promise<void>;

/**
 * Records the server did not take, kept on disk until it does. Each tracker writes its own session folder
 * `<spoolDir>/<host>-<pid>-<random>/` (records.jsonl, cursor, files/), so worker processes never share a file;
 * the folder of a process that died is adopted, by one atomic rename, by the next tracker on that host.
 * After each record the server acknowledged, `cursor` is rewritten with its id: a replay resumes after it.
 */
export class Spool {
  private readonly host = hostname().replaceAll('-', '_');
  private readonly session: string;
  private ownPending = false;
  private adopted: string[] = [];
  private scanned = false;

  constructor(readonly dir: string) {
    this.session = join(dir, this.sessionName());
  }

  private sessionName(): string {
    return `${this.host}-${process.pid}-${randomBytes(6).toString('hex')}`;
  }

  hasPending(): boolean {
    return this.ownPending || this.adopted.length > 0;
  }

  /** Takes over the sessions of dead processes on this host, oldest first. */
  async adoptOrphans(): Promise<void> {
    if (this.scanned) return;
    this.scanned = true;
    const entries = await readdir(this.dir, { withFileTypes: true }).catch(() => []);
    const found: { path: string; mtime: number }[] = [];
    for (const entry of entries) {
      const parts = entry.name.split('-');
      if (!entry.isDirectory() || parts.length !== 3 || parts[0] !== this.host) continue;
      const pid = Number(parts[1]);
      if (pid === process.pid || isProcessAlive(pid)) continue;
      const target = join(this.dir, this.sessionName());
      try {
        await rename(join(this.dir, entry.name), target);
        found.push({ path: target, mtime: (await stat(target)).mtimeMs });
      } catch {
        // Another tracker adopted it first.
      }
    }
    this.adopted = found.sort((a, b) => a.mtime - b.mtime).map((item) => item.path);
  }

  async append(ops: readonly SpoolOp[]): Promise<void> {
    await mkdir(join(this.session, 'files'), { recursive: true });
    const lines: string[] = [];
    for (const op of ops) {
      const id = randomUUID();
      if (op.op === 'artifact') {
        const copy = join('files', id);
        await copyFile(op.file, join(this.session, copy));
        lines.push(JSON.stringify({ ...op, id, file: copy }));
      } else {
        lines.push(JSON.stringify({ ...op, id }));
      }
    }
    await appendFile(join(this.session, 'records.jsonl'), `${lines.join('\n')}\n`);
    this.ownPending = true;
  }

  /**
   * Sends every pending record in order. A record the server refuses for good (`onRejected` returns) is kept
   * in `<spoolDir>/rejected.jsonl` with the reason and skipped; an unreachable server stops the replay (throws).
   */
  async replay(send: Send, onRejected: (error: unknown) => void): Promise<void> {
    while (this.adopted.length > 0) {
      await this.replaySession(this.adopted[0]!, send, onRejected);
      this.adopted.shift();
    }
    if (this.ownPending) {
      await this.replaySession(this.session, send, onRejected);
      this.ownPending = false;
    }
  }

  private async replaySession(session: string, send: Send, onRejected: (error: unknown) => void): Promise<void> {
    const records = await readRecords(join(session, 'records.jsonl'));
    const cursor = (await readFile(join(session, 'cursor'), 'utf8').catch(() => '')).trim();
    const start = cursor ? records.findIndex((record) => record.id === cursor) + 1 : 0;
    for (let index = start; index < records.length; index += 1) {
      const { id, ...op } = records[index]!;
      const resolved: SpoolOp = op.op === 'artifact' ? { ...op, file: join(session, op.file) } : op;
      try {
        // The first record after the cursor may have been acknowledged just before a crash.
        await send(resolved, index === start);
      } catch (error) {
        if ((error as { unreachable?: boolean }).unreachable) throw error;
        await appendFile(join(this.dir, 'rejected.jsonl'), `${JSON.stringify({ ...op, id, error: String((error as Error).message ?? error) })}\n`);
        onRejected(error);
      }
      await writeFileAtomic(join(session, 'cursor'), id, session);
    }
    await rm(session, { recursive: true, force: true });
  }
}

/** A crash during an append can leave a last line without its end: it was never acknowledged, so it is dropped. */
async function readRecords(path: string): Promise<SpoolRecord[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const records: SpoolRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as SpoolRecord);
    } catch {
      break;
    }
  }
  return records;
}
