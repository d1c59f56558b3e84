import type * as tf from '@tensorflow/tfjs';
import type { ParameterCount } from './model.js';

/**
 * A network's weights by stable name `<network>/<layer>/<weight>`. tfjs makes variable names unique per
 * process (`kernel_3`), so checkpoints use the scoped original names, which depend only on layer names.
 */
export function networkVariables(network: string, model: tf.LayersModel): Map<string, tf.Variable> {
  const variables = new Map<string, tf.Variable>();
  for (const weight of model.weights) {
    const name = `${network}/${weight.originalName}`;
    if (variables.has(name)) throw new Error(`${network}: two weights are named '${weight.originalName}'; give every layer a unique name`);
    variables.set(name, weight.read() as tf.Variable);
  }
  return variables;
}

/** The union of several networks' variables; names are already prefixed by network. */
export function mergeVariables(...maps: readonly Map<string, tf.Variable>[]): Map<string, tf.Variable> {
  return new Map(maps.flatMap((map) => [...map]));
}

export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

export function parameterCount(network: string, model: tf.LayersModel): ParameterCount {
  const size = (weights: readonly tf.LayerVariable[]) => weights.reduce((sum, weight) => sum + weight.read().size, 0);
  return { network, trainable: size(model.trainableWeights), nonTrainable: size(model.nonTrainableWeights) };
}
