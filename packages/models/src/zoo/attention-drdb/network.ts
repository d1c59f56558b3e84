import * as tf from '@tensorflow/tfjs';
import { align, ALIGN_RADIUS } from './align.js';
import { attention, ATTENTION_RADIUS } from './attention.js';
import type { AttentionDrdbConfig } from './config.js';
import { drdb, drdbRadius } from './drdb.js';
import { FEATURE_EXTRACTOR_RADIUS, featureExtractor } from './feature-extractor.js';
import { INPUT_CHANNELS, INPUT_NAMES, type InputName } from './inputs.js';
import { apply, ChannelSlice, concat, LayerFactory } from './layers.js';
import { reconstruction, RECONSTRUCTION_RADIUS } from './reconstruction.js';
import { refinement, REFINEMENT_RADIUS } from './refinement.js';

/**
 * AHDRNet-style fusion block on the fused features Z: F0 = conv3x3(Z -> width.fusion); F1..F3 chained
 * DRDBs; G = conv3x3(conv1x1(concat[F1, F2, F3])) + F0; the reconstruction gets concat(Z, G).
 */
function fusionBlock(factory: LayerFactory, z: tf.SymbolicTensor, config: AttentionDrdbConfig): tf.SymbolicTensor {
  const width = config.width.fusion;
  const f0 = apply(factory.conv('fusion_f0', width, 3, 'linear', 'he'), z);
  const blocks: tf.SymbolicTensor[] = [];
  let x = f0;
  for (let block = 1; block <= 3; block++) {
    x = drdb(factory, `fusion_drdb${block}`, x, width, config.drdb);
    blocks.push(x);
  }
  const global = apply(factory.conv('fusion_gff3', width, 3, 'linear', 'he'), apply(factory.conv('fusion_gff1', width, 1, 'linear', 'he'), concat('fusion_blocks', [...blocks])));
  return concat('fusion_out', [z, apply(tf.layers.add({ name: 'fusion_residual' }), [global, f0])]);
}

/**
 * HDR-VAM (spec 4.2) with the configured DRDB sites (4.4), as one network 'model' taking the five inputs in
 * INPUT_NAMES order and giving the sigmoid-encoded HDR. Every module call makes new layers: nothing is shared.
 */
export function buildNetwork(config: AttentionDrdbConfig, seed: number): tf.LayersModel {
  const factory = new LayerFactory(seed);
  const inputs = Object.fromEntries(
    INPUT_NAMES.map((name) => [name, tf.input({ name: `input_${name}`, shape: [null, null, INPUT_CHANNELS[name]] as unknown as number[] })]),
  ) as Record<InputName, tf.SymbolicTensor>;
  const atInput = config.drdb.enabled && config.drdb.position === 'input6';
  const exposure = (name: 'short' | 'medium' | 'long') => (atInput ? drdb(factory, `drdb_${name}`, inputs[name], 6, config.drdb) : inputs[name]);
  const short = exposure('short');
  const medium = exposure('medium');
  const long = exposure('long');
  const fe = (name: string, x: tf.SymbolicTensor) => featureExtractor(factory, `fe_${name}`, x, config);

  const masked = (name: 'short' | 'long', x: tf.SymbolicTensor, mask: tf.SymbolicTensor) =>
    apply(tf.layers.multiply({ name: `vam_${name}_masked` }), [x, concat(`vam_${name}_mask6`, Array.from({ length: 6 }, () => mask))]);
  const vam = apply(tf.layers.add({ name: 'vam_sum' }), [fe('vam_short', masked('short', short, inputs.maskShort)), fe('vam_long', masked('long', long, inputs.maskLong))]);

  const referenceAlign = fe('reference_align', medium);
  const referenceAttention = fe('reference_attention', medium);
  const reference = concat('reference', [referenceAlign, referenceAttention]);

  const branch = (name: 'short' | 'long', x: tf.SymbolicTensor) => {
    const ldr = apply(new ChannelSlice({ name: `${name}_ldr`, start: 0, size: 3 }), x);
    const aligned = apply(new ChannelSlice({ name: `${name}_ev_aligned`, start: 3, size: 3 }), x);
    return [
      align(factory, `align_${name}`, fe(`${name}_ldr`, ldr), referenceAlign, config),
      attention(factory, `att_${name}`, fe(`${name}_ev_aligned`, aligned), referenceAttention, config),
    ];
  };
  let fused = concat('fused', [...branch('short', short), ...branch('long', long), vam, reference]);
  if (config.drdb.enabled && config.drdb.position === 'fusion') fused = fusionBlock(factory, fused, config);

  const output = refinement(factory, reference, reconstruction(factory, fused, vam, reference, config), config);
  return tf.model({ name: 'model', inputs: INPUT_NAMES.map((name) => inputs[name]), outputs: output });
}

/** An upper bound on the network's receptive-field radius in pixels, for the tiling halo. */
export function receptiveRadius(config: AttentionDrdbConfig): number {
  const { enabled, position } = config.drdb;
  const block = drdbRadius(config.drdb);
  const toFused =
    (enabled && position === 'input6' ? block : 0) +
    FEATURE_EXTRACTOR_RADIUS +
    (enabled && position === 'features32' ? block : 0) +
    Math.max(ALIGN_RADIUS, ATTENTION_RADIUS) +
    (enabled && position === 'fusion' ? 2 + 3 * block : 0);
  return toFused + RECONSTRUCTION_RADIUS + REFINEMENT_RADIUS;
}
