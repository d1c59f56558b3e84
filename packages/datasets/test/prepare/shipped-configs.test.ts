import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPrepareConfig } from '../../src/index.js';

const CONFIGS = fileURLToPath(new URL('../../../../configs/prepare/', import.meta.url));

describe('the shipped preparation configs', () => {
  it('validate, and resolve their paths against the config directory', async () => {
    const files = readdirSync(CONFIGS).filter((name) => name.endsWith('.yaml'));
    expect(files.sort()).toEqual(['deep-chain-patches.yaml', 'drdb-256.yaml', 'hdr-gan-512.yaml', 'hybrid-loss-256.yaml', 'samples-64.yaml', 'samples-patches-32.yaml']);
    const hybrid = await loadPrepareConfig(join(CONFIGS, 'hybrid-loss-256.yaml'));
    expect(hybrid.crop).toEqual({ mode: 'random', count: 4, side: [0.5, 1], size: 256 });
    expect(hybrid.out).toBe(fileURLToPath(new URL('../../../../data/prepared/hybrid-loss-256', import.meta.url)));
    const chain = await loadPrepareConfig(join(CONFIGS, 'deep-chain-patches.yaml'));
    expect(chain.crop).toEqual({ mode: 'patches', size: 64, stride: 10, maxPerImage: 1000 });
    const samples = await loadPrepareConfig(join(CONFIGS, 'samples-64.yaml'));
    expect(samples.inputs).toEqual([fileURLToPath(new URL('../../../../data/samples', import.meta.url))]);
    expect(samples.crop).toEqual({ mode: 'random', count: 12, side: [0.3, 0.8], size: 64 });
    const patches = await loadPrepareConfig(join(CONFIGS, 'samples-patches-32.yaml'));
    expect(patches.crop).toEqual({ mode: 'patches', size: 32, stride: 48, maxPerImage: 24 });
    const hdrGan = await loadPrepareConfig(join(CONFIGS, 'hdr-gan-512.yaml'));
    expect([hdrGan.crop, hdrGan.augment]).toEqual([{ mode: 'random', count: 4, side: [0.6, 1], size: 512 }, { flip: true, rotate: true }]);
    const drdb = await loadPrepareConfig(join(CONFIGS, 'drdb-256.yaml'));
    expect(drdb.crop).toEqual({ mode: 'full', size: 256 });
  });
});
