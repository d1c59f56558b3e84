import * as tf from '@tensorflow/tfjs';

export interface MPReLUArgs {
  /** Initial slope of the positive part, per channel; Deep Chain's design note uses 0.25. */
  readonly alphaInitial?: number;
  readonly name?: string;
}

/**
 * MPReLU (Deep Chain HDRI's "mirrored" PReLU for the darker chain): alpha x for x >= 0, x for x < 0, with a
 * learnable alpha per channel, i.e. alpha relu(x) - relu(-x). tfjs has PReLU but not this mirror image;
 * built from core ops so it trains on every backend, and registered for serialisation.
 */
export class MPReLU extends tf.layers.Layer {
  static readonly className = 'MPReLU';
  private readonly alphaInitial: number;
  private alpha: tf.LayerVariable | undefined;

  constructor(args: MPReLUArgs = {}) {
    super(args.name === undefined ? {} : { name: args.name });
    this.alphaInitial = args.alphaInitial ?? 0.25;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null) throw new Error(`${this.name}: MPReLU needs a known channel count, got input shape [${shape.join(', ')}]`);
    this.alpha = this.addWeight('alpha', [channels], 'float32', tf.initializers.constant({ value: this.alphaInitial }));
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      return tf.sub(tf.mul(this.alpha!.read(), tf.relu(x)), tf.relu(tf.neg(x)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), alphaInitial: this.alphaInitial };
  }
}

tf.serialization.registerClass(MPReLU);
