import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { luminance, median, readHdrFile, writeHdrFile } from '@hdr-lab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrepareConfig, prepare, type PreparedSample } from '../../src/index.js';

const SAMPLES = fileURLToPath(new URL('../../../../data/samples/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hdr-lab-prepare-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const raw = join(work, 'raw');
const names = ['Desk', 'Ocean', 'StillLife', 'GoldenGate', 'CandleGlass', 'WideColorGamut'];

beforeAll(() => {
  mkdirSync(raw);
  for (const name of names) copyFileSync(join(SAMPLES, `${name}.exr`), join(raw, `${name}.exr`));
});

const configFile = (out: string, extra = '', inputs = raw) => {
  const file = join(work, `${out}.yaml`);
  writeFileSync(file, `name: test\ninputs: [${inputs}]\nout: ${out}\nseed: 7\ncrop: { mode: random, count: 2, size: 48 }\naugment: { flip: true, rotate: true }\nsplit: { test: 0.34 }\n${extra}`);
  return parsePrepareConfig(readFileSync(file, 'utf8'), file);
};
const samplesOf = (out: string) => readFileSync(join(out, 'samples.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as PreparedSample);
const hashes = (out: string) =>
  Object.fromEntries(samplesOf(out).map((s) => [s.file, createHash('sha256').update(readFileSync(join(out, s.file))).digest('hex')]));

describe('prepare', () => {
  it('cuts seeded crops, splits by source image and normalises each sample to median luminance 1', async () => {
    const config = configFile('a');
    const summary = await prepare(config);
    expect(summary).toMatchObject({ samples: 12, train: 8, test: 4, reused: false, skipped: [] });
    const samples = samplesOf(config.out);
    const splitOf = new Map<string, Set<string>>();
    for (const s of samples) splitOf.set(s.source, (splitOf.get(s.source) ?? new Set()).add(s.split));
    expect([...splitOf.values()].every((splits) => splits.size === 1)).toBe(true);
    for (const s of samples) {
      const { image } = await readHdrFile(join(config.out, s.file));
      expect([image.width, image.height]).toEqual([48, 48]);
      expect(image.data.every(Number.isFinite)).toBe(true);
      expect(median(luminance(image))).toBeCloseTo(1, 6);
      expect(s.crop.width).toBeGreaterThanOrEqual(1);
    }
  });

  it('is deterministic for a seed and reuses a set whose identity has not changed', async () => {
    const again = configFile('b');
    await prepare(again);
    expect(hashes(join(work, 'b'))).toEqual(hashes(join(work, 'a')));
    const before = statSync(join(work, 'a', 'samples.jsonl')).mtimeMs;
    const reused = await prepare(configFile('a'));
    expect(reused.reused).toBe(true);
    expect(statSync(join(work, 'a', 'samples.jsonl')).mtimeMs).toBe(before);
    const unnormalised = await prepare(configFile('c', 'normalise: none\n'));
    expect(unnormalised.identity).not.toBe(reused.identity);
  });

  it('a changed input changes the identity and that source only', async () => {
    const changed = join(work, 'raw-changed');
    mkdirSync(changed);
    for (const name of names) copyFileSync(join(raw, `${name}.exr`), join(changed, `${name}.exr`));
    const { image } = await readHdrFile(join(changed, 'Desk.exr'));
    image.data[0] = image.data[0]! + 1;
    await writeHdrFile(join(changed, 'Desk.exr'), image);
    const summary = await prepare(configFile('d', '', changed));
    const original = JSON.parse(readFileSync(join(work, 'a', 'prepared.json'), 'utf8')).identity;
    expect(summary.identity).not.toBe(original);
    const before = samplesOf(join(work, 'a'));
    const after = samplesOf(join(work, 'd'));
    for (const s of after.filter((x) => x.source !== 'Desk.exr')) {
      expect(before.find((x) => x.file === s.file)).toEqual(s);
    }
  });

  it("cuts Deep Chain's patch grid (size, stride, a seeded subset) without resizing", async () => {
    const patches = await prepare({ ...configFile('e'), crop: { mode: 'patches', size: 16, stride: 10, maxPerImage: 3 }, augment: { flip: false, rotate: false } });
    expect(patches.samples).toBe(18);
    for (const s of samplesOf(join(work, 'e'))) {
      expect([s.width, s.height, s.crop.x % 10, s.crop.y % 10]).toEqual([16, 16, 0, 0]);
    }
    expect(readdirSync(work).some((name) => name.includes('.building-'))).toBe(false);
  });

  it('names the YAML path of a bad config', () => {
    expect(() => parsePrepareConfig('name: x\ninputs: [a]\nout: b\ncrop: { mode: tiles }\n', 'p.yaml')).toThrow('p.yaml: crop.mode:');
    expect(() => parsePrepareConfig('name: x\ninputs: [a]\nout: b\nsplit: { test: 2 }\n', 'p.yaml')).toThrow('p.yaml: split.test:');
    expect(() => parsePrepareConfig('name: x\ninputs: [a]\nout: b\ncrop: { mode: random, side: [0.9, 0.5] }\n', 'p.yaml')).toThrow(
      'p.yaml: crop.side: expected [smallest, largest], got [0.9, 0.5]',
    );
  });
});
