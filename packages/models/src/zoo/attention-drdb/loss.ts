import * as tf from '@tensorflow/tfjs';
import { muLawTensor } from '../../losses/mu-law-l1.js';
import type { LossParts } from '../../training/optimise.js';
import type { AttentionDrdbConfig } from './config.js';
import { decodeOutput } from './encoding.js';

/**
 * The configured loss of an output against its sigmoid-encoded target (both [N, H, W, 3]). sigmoidNonlinear:
 * HDR-VAM's MAE in the encoded domain. muLaw: both decoded to linear HDR, divided by the ground truth's
 * per-image maximum so it lies in [0, 1], and compared by L1 after mu-law tone mapping. Callers run it
 * inside a tidy scope (optimiseStep, evaluateLoss), which frees the intermediates.
 */
export function attentionDrdbLoss(output: tf.Tensor4D, target: tf.Tensor4D, config: AttentionDrdbConfig): LossParts {
  if (config.loss.domain === 'sigmoidNonlinear') {
    const mae = tf.mean(tf.abs(tf.sub(output, target))) as tf.Scalar;
    return { total: mae, terms: { mae } };
  }
  const gamma = config.data.gamma;
  const truth = decodeOutput(target, gamma);
  const normaliser = tf.maximum(tf.max(truth, [1, 2, 3], true), 1e-6);
  const toneMapped = (linear: tf.Tensor4D) => muLawTensor(tf.div(linear, normaliser) as tf.Tensor4D, config.loss.mu);
  const l1 = tf.mean(tf.abs(tf.sub(toneMapped(decodeOutput(output, gamma)), toneMapped(truth)))) as tf.Scalar;
  return { total: l1, terms: { muLawL1: l1 } };
}
