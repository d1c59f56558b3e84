import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'hdr-lab-prepare-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hdr-lab prepare', () => {
  it('builds a set from the samples, then finds nothing to do for the same config and inputs', async () => {
    const config = join(work, 'set.yaml');
    writeFileSync(config, `name: set\ninputs: [${join(ROOT, 'data', 'samples')}]\nout: prepared\ncrop: { mode: random, count: 1, size: 32 }\n`);
    const first = await runCli('prepare', config);
    expect(first.status).toBe(0);
    expect(first.out).toMatch(/prepared: 6 samples \(5 train, 1 test\) in [\d.]+ s, identity [0-9a-f]{12}$/);
    expect(first.err).toContain('[6/6] WideColorGamut.exr');
    const second = await runCli('prepare', config);
    expect(second.out).toContain('already prepared with identity');
  });

  it('names the YAML path of a bad config (exit 1)', async () => {
    const config = join(work, 'bad.yaml');
    writeFileSync(config, 'name: bad\ninputs: [x]\nout: y\nnormalise: mean\n');
    const result = await runCli('prepare', config);
    expect(result.status).toBe(1);
    expect(result.err).toContain('bad.yaml: normalise:');
  });
});
