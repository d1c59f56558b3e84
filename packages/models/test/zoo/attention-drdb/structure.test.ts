import * as tf from '@tensorflow/tfjs';
import { initEngine } from '@hdr-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DilatedConv2D } from '../../../src/layers/dilated-conv2d.js';
import { resolveModelConfig } from '../../../src/registry/resolve-config.js';
import { attentionDrdbSchema } from '../../../src/zoo/attention-drdb/config.js';
import { attentionDrdb } from '../../../src/zoo/attention-drdb/definition.js';
import { tinyConfig } from './support.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

// Parameter counts from spec 4.2-4.4 by hand: Keras SeparableConv2D k x k (cin -> cout) has k^2 cin depthwise
// + cin cout pointwise + cout bias weights; Conv2D k^2 cin cout + cout; batch norm 2c trainable + 2c statistics.
const sep = (cin: number, cout: number, k = 3) => k * k * cin + cin * cout + cout;
const conv = (cin: number, cout: number, k: number) => k * k * cin * cout + cout;
const fe = (cin: number) => sep(cin, 32) + sep(64, 32);
const align = 3 * conv(32, 32, 3);
const att = sep(64, 64) + sep(64, 32);
const reconstruction = (z: number) =>
  sep(z, 64) + sep(128, 128) + sep(256, 256) + sep(512, 256) + 2 * (64 + 128 + 256 + 256) + sep(512 + 96, 256) + sep(256 + 96, 128) + sep(128 + 96, 64) + sep(64 + 96, 32) + sep(32, 3, 1);
const refinement = sep(64, 3) + sep(6, 16) + sep(16, 16) + 2 * (sep(19, 16) + sep(16, 16)) + conv(16, 3, 1);
/** Z = concat(al_short, at_short, al_long, at_long, A, R) = 4 x 32 + 32 + 64. */
const Z = 224;
const base = 4 * fe(6) + 4 * fe(3) + 2 * align + 2 * att + reconstruction(Z) + refinement;
const drdb = (c: number, layers = 6, growth = 32) => Array.from({ length: layers }, (_, l) => conv(c + l * growth, growth, 3)).reduce((a, b) => a + b) + conv(c + layers * growth, c, 1);
const fusionBlock = conv(Z, 64, 3) + 3 * drdb(64) + conv(192, 64, 1) + conv(64, 64, 3) + sep(Z + 64, 64) - sep(Z, 64);

const paper = (preset: string) => attentionDrdb.create(resolveModelConfig(attentionDrdb, { preset }), { seed: 1 });
const dilatedConvs = (network: tf.LayersModel) => network.layers.filter((layer) => layer instanceof DilatedConv2D);

describe('attention-drdb structure', () => {
  it('paper-size parameter counts per preset match the spec by hand (base HDR-VAM 568 857 + 1 408 BN statistics)', async () => {
    const expected: Record<string, number> = {
      base_vam: 568_857,
      drdb_input: 1_018_839,
      drdb_features: 2_176_281,
      drdb_fusion: 1_548_313,
      drdb_nodil: 1_018_839,
      no_vam: 1_018_839,
    };
    expect(base).toBe(expected['base_vam']);
    expect(base + 3 * drdb(6)).toBe(expected['drdb_input']);
    expect(base + 8 * drdb(32)).toBe(expected['drdb_features']);
    expect(base + fusionBlock).toBe(expected['drdb_fusion']);
    const dilatedCounts: Record<string, number> = { base_vam: 0, drdb_input: 18, drdb_features: 48, drdb_fusion: 18, drdb_nodil: 18, no_vam: 18 };
    for (const preset of Object.keys(attentionDrdb.presets)) {
      const model = await paper(preset);
      expect(model.parameterCounts(), preset).toEqual([{ network: 'model', trainable: expected[preset], nonTrainable: 1408 }]);
      const dense = dilatedConvs(model.networks['model']!);
      expect(dense, preset).toHaveLength(dilatedCounts[preset]!);
      expect(new Set(dense.map((layer) => (layer.getConfig() as { dilation: number }).dilation)), preset).toEqual(new Set(dense.length ? [preset === 'drdb_nodil' ? 1 : 2] : []));
      model.dispose();
    }
  });

  it('input6 runs one 6-channel DRDB per exposure before everything, the VAM branch included; the masks stay one plane each', async () => {
    const model = await paper('drdb_input');
    const network = model.networks['model']!;
    expect(network.inputs.map((input) => input.shape)).toEqual([6, 6, 6, 1, 1].map((c) => [null, null, null, c]));
    for (const exposure of ['short', 'medium', 'long']) expect(network.getLayer(`drdb_${exposure}_residual`).outputShape).toEqual([null, null, null, 6]);
    const inboundOf = (name: string) => (network.getLayer(name) as unknown as { inboundNodes: { inboundLayers: { name: string }[] }[] }).inboundNodes[0]!.inboundLayers.map((layer) => layer.name);
    expect(inboundOf('vam_short_masked')).toEqual(['drdb_short_residual', 'vam_short_mask6']);
    expect(inboundOf('fe_reference_align_sep1')).toEqual(['drdb_medium_residual']);
    expect(inboundOf('short_ev_aligned')).toEqual(['drdb_short_residual']);
    expect(network.getLayer('rec_e1_bn').getConfig()).toMatchObject({ momentum: 0.99, epsilon: 1e-3 });
    model.dispose();
  });

  it('the same seed builds identical weights, another seed different ones', async () => {
    const config = tinyConfig();
    const values = async (seed: number) => {
      const model = await attentionDrdb.create(config, { seed });
      const all = [...model.variables().values()].flatMap((variable) => Array.from(variable.dataSync()));
      model.dispose();
      return all;
    };
    const first = await values(3);
    expect(await values(3)).toEqual(first);
    expect(await values(4)).not.toEqual(first);
  });

  it('{} parses to the paper configuration; tiny narrows widths only; unknown settings are errors', () => {
    const config = attentionDrdbSchema.parse({});
    expect(config.drdb).toEqual({ enabled: true, position: 'input6', numLayers: 6, growth: 32, dilation: 2, shareWeights: false });
    expect(config.train).toEqual({ lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    expect(config.data.gamma).toBe(2.24);
    const tiny = tinyConfig();
    expect(tiny.drdb).toMatchObject({ position: 'input6', numLayers: 2, growth: 4, dilation: 2 });
    expect(tiny.width.encoder).toEqual([8, 16, 32, 32]);
    expect(() => attentionDrdbSchema.parse({ drdb: { shareWeights: true } })).toThrow();
    expect(() => resolveModelConfig(attentionDrdb, { overrides: { 'train.plateau': 25 } })).toThrow(/train/);
  });

  it('tags and notices name the DRDB site', async () => {
    const model = await attentionDrdb.create(tinyConfig({}, 'base_vam'), { seed: 1 });
    expect(model.tags['attention-drdb.drdbPosition']).toBe('none');
    expect(model.exposureCount).toBe(3);
    expect(model.sizeMultiple).toBe(16);
    expect(Object.keys(model.optimizers)).toEqual(['model']);
    model.dispose();
    const fusion = await attentionDrdb.create(tinyConfig({}, 'drdb_fusion'), { seed: 1 });
    expect(fusion.tags['attention-drdb.drdbPosition']).toBe('fusion');
    expect(fusion.notices[0]).toMatch(/\[S004\]/);
    fusion.dispose();
  });
});
