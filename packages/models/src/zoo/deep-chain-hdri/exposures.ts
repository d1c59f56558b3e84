import * as tf from '@tensorflow/tfjs';
import type { HdrImage } from '@hdr-lab/core';
import type { ExampleArray, ExampleSource } from '../../registry/model.js';
import type { DeepChainConfig } from './config.js';

/**
 * The exposures the model is supervised on, in stops relative to EV 0, in the order the `targets` array
 * holds them along channels (three channels each): darkest first, EV 0 (the input) left out.
 */
export const DEEP_CHAIN_TARGET_EVS = [-3, -2, -1, 1, 2, 3] as const;

export type TargetEv = (typeof DEEP_CHAIN_TARGET_EVS)[number];

/** `EV -3`, `EV +1`: the synthesis' labels, used for loss terms and messages. */
export function evLabel(ev: number): string {
  return `EV ${ev > 0 ? '+' : ''}${ev}`;
}

/**
 * The exposures a mode infers, in the order `forward` returns them: all six for the chain, EV -3 and
 * EV +3 for the one-step networks (direct, shallow), which have no intermediate outputs.
 */
export function inferredEvs(mode: DeepChainConfig['chain']['mode']): readonly TargetEv[] {
  return mode === 'chain' ? DEEP_CHAIN_TARGET_EVS : [-3, 3];
}

/** Channels 3i..3i+2 of the targets: the ground-truth exposure `ev`. */
export function targetExposure(targets: tf.Tensor4D, ev: TargetEv): tf.Tensor4D {
  const index = DEEP_CHAIN_TARGET_EVS.indexOf(ev);
  const [batch, height, width, channels] = targets.shape;
  if (channels !== 3 * DEEP_CHAIN_TARGET_EVS.length) {
    throw new Error(`deep-chain-hdri: targets have ${channels} channels, expected ${3 * DEEP_CHAIN_TARGET_EVS.length} (EV ${DEEP_CHAIN_TARGET_EVS.join(', ')}, RGB each)`);
  }
  return tf.slice(targets, [0, 0, 0, 3 * index], [batch, height, width, 3]);
}

function rgb(image: HdrImage, what: string): Float32Array {
  if (image.channels === 3) return image.data;
  if (image.channels === 4) {
    const out = new Float32Array(image.width * image.height * 3);
    for (let p = 0; p < image.width * image.height; p++) out.set(image.data.subarray(p * 4, p * 4 + 3), p * 3);
    return out;
  }
  throw new Error(`deep-chain-hdri: ${what} has ${image.channels} channel(s); the model works on RGB exposures`);
}

/**
 * One example from a synthesised EV stack ('deep-chain' synthesis: exposures labelled by `stops` = EV k):
 * `input` = EV 0, `targets` = the other six concatenated along channels in DEEP_CHAIN_TARGET_EVS order.
 */
export function deepChainExample(source: ExampleSource): Record<string, ExampleArray> {
  const find = (ev: number) => {
    const exposure = source.exposures.find((candidate) => candidate.stops === ev);
    if (!exposure) {
      throw new Error(
        `deep-chain-hdri: the sample has no ${evLabel(ev)} exposure (it has stops ${source.exposures.map((candidate) => candidate.stops).join(', ')}); ` +
          "use the 'deep-chain' synthesis, whose ev-stack step makes EV -3..+3",
      );
    }
    return exposure.image;
  };
  const input = find(0);
  const { width, height } = input;
  const targets = new Float32Array(width * height * 3 * DEEP_CHAIN_TARGET_EVS.length);
  DEEP_CHAIN_TARGET_EVS.forEach((ev, index) => {
    const image = find(ev);
    if (image.width !== width || image.height !== height) throw new Error(`deep-chain-hdri: ${evLabel(ev)} is ${image.width}x${image.height} but EV 0 is ${width}x${height}`);
    const data = rgb(image, evLabel(ev));
    for (let p = 0; p < width * height; p++) targets.set(data.subarray(p * 3, p * 3 + 3), (p * DEEP_CHAIN_TARGET_EVS.length + index) * 3);
  });
  return { input: { data: rgb(input, 'EV 0'), shape: [height, width, 3] }, targets: { data: targets, shape: [height, width, 3 * DEEP_CHAIN_TARGET_EVS.length] } };
}
