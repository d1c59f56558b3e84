import * as tf from '@tensorflow/tfjs';
import { initEngine } from '@hdr-lab/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveModelConfig } from '../../../src/registry/resolve-config.js';
import { l1Loss } from '../../../src/losses/l1.js';
import { deepChainHdri } from '../../../src/zoo/deep-chain-hdri/definition.js';
import { DEEP_CHAIN_TARGET_EVS, targetExposure } from '../../../src/zoo/deep-chain-hdri/exposures.js';
import { sceneBatch } from './support.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

const STEPS = 150;

describe('deep-chain-hdri tiny', () => {
  it(`fits one fixed 32x32 batch: ${STEPS} joint steps cut the training loss below a fifth`, async () => {
    const model = await deepChainHdri.create(resolveModelConfig(deepChainHdri, { tiny: true }), { seed: 1 });
    const batch = sceneBatch(32, [1]);
    // Doing nothing (every exposure = EV 0) scores this pixel loss; a network that learned the exposure change beats it.
    const identity = tf.tidy(() => DEEP_CHAIN_TARGET_EVS.reduce((sum, ev) => sum + l1Loss(batch['input']!, targetExposure(batch['targets']!, ev)).dataSync()[0]!, 0));
    const validationBefore = model.evaluateLoss(batch)['total']!;
    const losses = Array.from({ length: STEPS }, (_, step) => model.trainStep(batch, step)['total']!);
    const validationAfter = model.evaluateLoss(batch)['total']!;
    const late = losses.slice(-10).reduce((sum, value) => sum + value, 0) / 10;
    console.log(`deep-chain tiny: training loss ${losses[0]!.toFixed(3)} -> ${late.toFixed(3)} (mean of last 10, x${(late / losses[0]!).toFixed(3)}); inference-mode loss ${validationBefore.toFixed(3)} -> ${validationAfter.toFixed(3)}; identity ${identity.toFixed(3)}`);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(late).toBeLessThan(0.2 * losses[0]!);
    expect(validationAfter).toBeLessThan(0.6 * validationBefore);
    expect(late).toBeLessThan(0.7 * identity);
    tf.dispose(Object.values(batch));
    model.dispose();
  }, 240_000);
});
