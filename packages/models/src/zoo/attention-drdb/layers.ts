import * as tf from '@tensorflow/tfjs';
import { layerSeed } from '../../layers/layer-seed.js';

type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;
type Activation = 'linear' | 'relu' | 'sigmoid';

/** Builds the layers of one network, each initialiser seeded from the run's seed and the layer's name. */
export class LayerFactory {
  constructor(private readonly seed: number) {}

  /** Keras' default initialiser, which HDR-VAM keeps everywhere. */
  glorot(name: string): Initializer {
    return tf.initializers.glorotUniform({ seed: layerSeed(this.seed, name) });
  }

  /** AHDRNet initialises its convolutions Kaiming-normal. */
  he(name: string): Initializer {
    return tf.initializers.heNormal({ seed: layerSeed(this.seed, name) });
  }

  /** Keras SeparableConv2D: depthwise kxk (multiplier 1) then pointwise 1x1 with bias, 'same' padding, Glorot-uniform. */
  separable(name: string, filters: number, activation: Activation, kernelSize = 3): tf.layers.Layer {
    return tf.layers.separableConv2d({
      name,
      filters,
      kernelSize,
      padding: 'same',
      activation,
      depthwiseInitializer: this.glorot(`${name}/depthwise`),
      pointwiseInitializer: this.glorot(`${name}/pointwise`),
    });
  }

  conv(name: string, filters: number, kernelSize: number, activation: Activation, init: 'glorot' | 'he' = 'glorot'): tf.layers.Layer {
    return tf.layers.conv2d({ name, filters, kernelSize, padding: 'same', activation, kernelInitializer: init === 'he' ? this.he(name) : this.glorot(name) });
  }
}

export function apply(layer: tf.layers.Layer, input: tf.SymbolicTensor | tf.SymbolicTensor[]): tf.SymbolicTensor {
  return layer.apply(input) as tf.SymbolicTensor;
}

export function concat(name: string, inputs: tf.SymbolicTensor[]): tf.SymbolicTensor {
  return apply(tf.layers.concatenate({ name, axis: -1 }), inputs);
}

export interface ChannelSliceArgs {
  readonly start: number;
  readonly size: number;
  readonly name?: string;
}

/** Channels [start, start + size) of an NHWC tensor (Keras code slices with x[..., a:b]; tfjs-layers has no such layer). */
export class ChannelSlice extends tf.layers.Layer {
  static readonly className = 'AttentionDrdbChannelSlice';
  private readonly start: number;
  private readonly size: number;

  constructor(args: ChannelSliceArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    this.start = args.start;
    this.size = args.size;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...shape.slice(0, -1), this.size];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    return tf.slice(x, [0, 0, 0, this.start], [-1, -1, -1, this.size]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), start: this.start, size: this.size };
  }
}

tf.serialization.registerClass(ChannelSlice);
