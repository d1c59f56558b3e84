import * as tf from '@tensorflow/tfjs';
import { PretrainedWeightsError, type LayersFileWeights } from './layers-file.js';

export interface CopyWeightsOptions {
  /** What our layer names add in front of the file's (`g_` for the generator, `vgg19_` for VGG19). */
  readonly prefix: string;
  /** Which of our layers to fill; default every layer that has weights. */
  readonly include?: (layerName: string) => boolean;
  /** The setting that named the file, for messages (`loss.vgg.weights.path`). */
  readonly setting: string;
}

/**
 * `layer/weight` from a manifest name: the converter writes Keras h5 names without the `:0` output slot
 * (`block1_conv1/kernel`), some tools add the model's name in front (`vgg19/block1_conv1/kernel`).
 */
function layerWeightKey(name: string): string {
  return name.replace(/:\d+$/, '').split('/').slice(-2).join('/');
}

function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Copies weights from a layers-format file into `model` by layer name: our layer `<prefix><name>` takes the
 * file's `<name>/<weight>` (kernel, bias, gamma, beta, moving_mean, moving_variance). Every weight of every
 * included layer must be in the file with the same shape; all problems are reported at once, naming the
 * layer, the weight and both shapes, and nothing is copied unless everything fits. Weights in the file that
 * no layer asks for (VGG19's classifier, say) are ignored. Returns the names of the layers filled.
 */
export function copyWeightsByLayerName(model: tf.LayersModel, weights: LayersFileWeights, options: CopyWeightsOptions): string[] {
  const byKey = new Map<string, tf.Tensor>();
  for (const [name, tensor] of weights.tensors) {
    const key = layerWeightKey(name);
    if (byKey.has(key)) throw new PretrainedWeightsError(`${weights.path} holds two weights named '${key}'; give each layer a unique name when writing the file`);
    byKey.set(key, tensor);
  }
  const problems: string[] = [];
  const plan: { layer: tf.layers.Layer; values: tf.Tensor[] }[] = [];
  for (const layer of model.layers) {
    if (layer.weights.length === 0 || !(options.include?.(layer.name) ?? true)) continue;
    if (!layer.name.startsWith(options.prefix)) throw new Error(`layer '${layer.name}' lacks the prefix '${options.prefix}' its network's names carry`);
    const sourceLayer = layer.name.slice(options.prefix.length);
    const values: tf.Tensor[] = [];
    for (const weight of layer.weights) {
      const weightName = weight.originalName.split('/').at(-1)!;
      const key = `${sourceLayer}/${weightName}`;
      const value = byKey.get(key);
      if (!value) problems.push(`'${key}' ${shapeText(weight.shape)} is missing`);
      else if (value.shape.join() !== weight.shape.join()) problems.push(`'${key}' is ${shapeText(value.shape)} in the file but ${shapeText(weight.shape)} in the network`);
      else values.push(value);
    }
    plan.push({ layer, values });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 8).join('; ');
    const more = problems.length > 8 ? `; and ${problems.length - 8} more` : '';
    throw new PretrainedWeightsError(
      `${options.setting}: ${weights.path} does not fit the network: ${shown}${more}. ` +
        "The file must hold these layers by name at this network's widths (published weights need widthDivisor 1); docs/pretrained-weights.md says how to produce it.",
    );
  }
  for (const { layer, values } of plan) layer.setWeights(values);
  return plan.map(({ layer }) => layer.name);
}
