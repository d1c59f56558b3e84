import { ConfigError } from '@hdr-lab/core';
import { describe, expect, it } from 'vitest';
import { mergeSettings, setDottedPath } from '@hdr-lab/core';
import { resolveModelConfig } from '../../src/registry/resolve-config.js';
import { toyDefinition } from '../support/toy-model.js';

describe('resolveModelConfig', () => {
  it('layers defaults, preset, tiny, file settings and overrides in that order', () => {
    expect(resolveModelConfig(toyDefinition)).toEqual({ width: 4, lr: 0.01, loss: { weight: 1, kind: 'l2' } });
    expect(resolveModelConfig(toyDefinition, { preset: 'l1', tiny: true })).toEqual({ width: 2, lr: 0.01, loss: { weight: 1, kind: 'l1' } });
    expect(resolveModelConfig(toyDefinition, { preset: 'heavy', tiny: true, settings: { width: 3, loss: { kind: 'l1' } }, overrides: { lr: 0.5 } })).toEqual({
      width: 3,
      lr: 0.5,
      loss: { weight: 10, kind: 'l1' },
    });
  });

  it('names the file, the setting path and the expected form', () => {
    const resolve = (request: Parameters<typeof resolveModelConfig>[1]) => () => resolveModelConfig(toyDefinition, { source: 'run.yaml: model', ...request });
    expect(resolve({ settings: { loss: { kind: 'l3' } } })).toThrow(ConfigError);
    expect(resolve({ settings: { loss: { kind: 'l3' } } })).toThrow(/^run\.yaml: model: loss\.kind: .*"l1"\|"l2"/);
    expect(resolve({ settings: { widht: 3 } })).toThrow(/run\.yaml: model: \(top level\): Unrecognized key: "widht"/);
    expect(resolve({ overrides: { 'width.x': 1 } })).toThrow(/run\.yaml: model: width: Invalid input: expected number, received object/);
    expect(resolve({ settings: { width: 3 }, overrides: { 'width.x': 1 } })).toThrow(/'width\.x' goes through 'width', which is not a group/);
    expect(resolve({ preset: 'fast' })).toThrow(/unknown preset 'fast' of toy; known: l1, heavy/);
  });

  it('merges nested settings and sets dotted paths without touching its inputs', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 1 };
    expect(mergeSettings(base, { a: { c: [3] } })).toEqual({ a: { b: 1, c: [3] }, d: 1 });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 1 });
    const target: Record<string, unknown> = {};
    setDottedPath(target, 'x.y.z', true, 'here');
    expect(target).toEqual({ x: { y: { z: true } } });
    expect(() => setDottedPath(target, 'x..z', 1, 'here')).toThrow(/not a dotted setting path/);
  });
});
