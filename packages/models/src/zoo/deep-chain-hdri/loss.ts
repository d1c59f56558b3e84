import * as tf from '@tensorflow/tfjs';
import { l1Loss } from '../../losses/l1.js';
import { anisotropicTotalVariation } from '../../losses/total-variation.js';
import type { LossParts } from '../../training/optimise.js';
import type { DeepChainConfig } from './config.js';
import { inferredEvs, targetExposure, type TargetEv } from './exposures.js';

/** `ev+1`, `ev-3`: the prefix of an exposure's loss terms. */
export function evTerm(ev: number): string {
  return `ev${ev > 0 ? '+' : ''}${ev}`;
}

/**
 * The exposures whose losses are summed: all the mode infers, or only EV +-3 when the chain's intermediate
 * supervision is switched off.
 */
export function supervisedEvs(config: DeepChainConfig): readonly TargetEv[] {
  return config.chain.mode === 'chain' && !config.chain.intermediateLoss ? [-3, 3] : inferredEvs(config.chain.mode);
}

/**
 * [S003] eq. 3 summed over exposures: L1 pixel loss + tvWeight * anisotropic TV of each prediction, with the
 * terms `ev+k/pixel` and `ev+k/tv` (TV unweighted) for logging.
 */
export function exposureLosses(predictions: ReadonlyMap<TargetEv, tf.Tensor4D>, targets: tf.Tensor4D, evs: readonly TargetEv[], tvWeight: number): LossParts {
  const terms: Record<string, tf.Scalar> = {};
  const totals: tf.Scalar[] = [];
  for (const ev of evs) {
    const prediction = predictions.get(ev);
    if (!prediction) throw new Error(`deep-chain-hdri: no prediction of ${evTerm(ev)} to supervise`);
    const pixel = l1Loss(prediction, targetExposure(targets, ev));
    const tv = anisotropicTotalVariation(prediction);
    terms[`${evTerm(ev)}/pixel`] = pixel;
    terms[`${evTerm(ev)}/tv`] = tv;
    totals.push(tf.add(pixel, tf.mul(tvWeight, tv)));
  }
  return { total: tf.addN(totals) as tf.Scalar, terms };
}
