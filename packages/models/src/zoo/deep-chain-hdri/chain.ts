import * as tf from '@tensorflow/tfjs';
import type { DeepChainConfig } from './config.js';
import type { TargetEv } from './exposures.js';
import { buildShallow, SHALLOW_RADIUS } from './shallow.js';
import { buildSubnet, subnetRadius } from './subnet.js';

/** One network of a direction: its name and the exposure it outputs. */
export interface ChainLink {
  readonly network: string;
  readonly ev: TargetEv;
}

export interface Direction {
  readonly name: 'up' | 'down';
  /** Applied in order, each to the previous one's output (the first to EV 0). */
  readonly links: readonly ChainLink[];
}

/**
 * The networks of each mode, brighter direction first. The chain's subnets are named by the exposure they
 * output (up1: EV 0 -> +1, ..., down3: EV -2 -> -3); the one-step networks carry their mode in their names,
 * so a checkpoint of one mode cannot load into another.
 */
export function chainDirections(mode: DeepChainConfig['chain']['mode']): readonly Direction[] {
  if (mode === 'chain') {
    return [
      { name: 'up', links: [1, 2, 3].map((k) => ({ network: `up${k}`, ev: k as TargetEv })) },
      { name: 'down', links: [1, 2, 3].map((k) => ({ network: `down${k}`, ev: -k as TargetEv })) },
    ];
  }
  const suffix = mode === 'direct' ? 'Direct' : 'Shallow';
  return [
    { name: 'up', links: [{ network: `up${suffix}`, ev: 3 }] },
    { name: 'down', links: [{ network: `down${suffix}`, ev: -3 }] },
  ];
}

/** Builds every network of the configured mode, each seeded from `seed` and its layer names. */
export function buildNetworks(config: DeepChainConfig, seed: number): Record<string, tf.LayersModel> {
  const networks: Record<string, tf.LayersModel> = {};
  for (const direction of chainDirections(config.chain.mode)) {
    const activation = direction.name === 'up' ? config.subnet.activationUp : config.subnet.activationDown;
    for (const { network } of direction.links) {
      networks[network] =
        config.chain.mode === 'shallow' ? buildShallow(network, config.chain.shallowWidth, seed) : buildSubnet(network, config.subnet, activation, seed);
    }
  }
  return networks;
}

/** Receptive-field radius of the whole forward pass: the chain's three subnets add up. */
export function chainRadius(config: DeepChainConfig): number {
  if (config.chain.mode === 'shallow') return SHALLOW_RADIUS;
  return (config.chain.mode === 'chain' ? 3 : 1) * subnetRadius(config.subnet);
}

/**
 * One network on an RGB batch. perChannel subnets see each colour plane as a grey image of its own: the
 * planes are moved into the batch and back.
 */
export function applyNetwork(network: tf.LayersModel, x: tf.Tensor4D, training: boolean, config: DeepChainConfig): tf.Tensor4D {
  if (config.subnet.channels === 'rgb' || config.chain.mode === 'shallow') return network.apply(x, { training }) as tf.Tensor4D;
  return tf.tidy(() => {
    const [batch, height, width] = x.shape;
    const planes = tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [batch * 3, height, width, 1]);
    const out = network.apply(planes, { training }) as tf.Tensor4D;
    return tf.transpose(tf.reshape(out, [batch, 3, height, width]), [0, 2, 3, 1]) as tf.Tensor4D;
  });
}

/**
 * Both directions from EV 0, each network fed the previous one's raw output (no clipping, as in training).
 * `training` puts batch norm in batch-statistics mode (and updates its moving averages).
 */
export function runChain(networks: Readonly<Record<string, tf.LayersModel>>, config: DeepChainConfig, x: tf.Tensor4D, training: boolean): Map<TargetEv, tf.Tensor4D> {
  const outputs = new Map<TargetEv, tf.Tensor4D>();
  for (const direction of chainDirections(config.chain.mode)) {
    let current = x;
    for (const link of direction.links) {
      current = applyNetwork(networks[link.network]!, current, training, config);
      outputs.set(link.ev, current);
    }
  }
  return outputs;
}
