import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../src/runner/state.js';

const work = mkdtempSync(join(tmpdir(), 'hdr-lab-lock-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the runner lock', () => {
  it('is gone after release even with heartbeats still being written, so the next run takes it at once', async () => {
    for (let round = 0; round < 20; round++) {
      const lock = await acquireLock(work, 0.2);
      const beats = Array.from({ length: 5 }, () => lock.beat());
      await lock.release();
      await Promise.all(beats);
      lock.beat();
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(existsSync(join(work, 'runner.lock')), `round ${round}`).toBe(false);
    }
    const again = await acquireLock(work, 0.2);
    await expect(acquireLock(work, 0.2)).rejects.toThrow(/another runner \(pid \d+ on .*\) is working on this experiment/);
    await again.release();
  });
});
