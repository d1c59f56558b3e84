import { describe, expect, it } from 'vitest';
import { flattenParams, MAX_PARAM_VALUE_LENGTH } from '../../src/tracking/index.js';

describe('flattenParams', () => {
  it('joins nested keys with dots and indexes arrays', () => {
    const flat = flattenParams({
      model: { id: 'hybrid-loss-gan', layers: [{ width: 64 }, { width: 128 }] },
      loss: { gan: false, weights: [1, 0.5] },
      lr: 2e-5,
      seed: null,
      crop: {},
      tags: [],
    });
    expect(flat).toEqual({
      'model.id': 'hybrid-loss-gan',
      'model.layers.0.width': '64',
      'model.layers.1.width': '128',
      'loss.gan': 'false',
      'loss.weights.0': '1',
      'loss.weights.1': '0.5',
      lr: '0.00002',
      seed: 'null',
      crop: '{}',
      tags: '[]',
    });
  });

  it("cuts values to MLflow 2.9's 6000-character param limit", () => {
    expect(MAX_PARAM_VALUE_LENGTH).toBe(6000);
    const flat = flattenParams({ long: 'x'.repeat(7000), short: 'y' });
    expect(flat.long).toHaveLength(6000);
    expect(flat.short).toBe('y');
  });

  it('applies a prefix', () => {
    expect(flattenParams({ a: { b: 1 } }, 'config')).toEqual({ 'config.a.b': '1' });
  });
});
