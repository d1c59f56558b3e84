import * as tf from '@tensorflow/tfjs';

/**
 * Reflect padding of `pad` pixels on every side of an NHWC tensor (HDR-GAN pads this way before each VALID
 * conv, where zero padding would darken the borders of a bright scene). tf.mirrorPad has a gradient.
 */
export class ReflectPad2D extends tf.layers.Layer {
  static readonly className = 'ReflectPad2D';
  readonly pad: number;

  constructor(args: { pad: number; name?: string }) {
    super(args.name === undefined ? {} : { name: args.name });
    if (!(Number.isInteger(args.pad) && args.pad >= 0)) throw new Error(`ReflectPad2D: pad must be a whole number of pixels, got ${args.pad}`);
    this.pad = args.pad;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const grow = (value: number | null | undefined) => (value == null ? null : value + 2 * this.pad);
    return [shape[0] ?? null, grow(shape[1]), grow(shape[2]), shape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      if (this.pad === 0) return tf.clone(x);
      const [, height, width] = x.shape;
      if (this.pad >= height || this.pad >= width) {
        throw new Error(`${this.name}: reflect padding of ${this.pad} px needs feature maps larger than that, got ${height}x${width}; use a larger input`);
      }
      return tf.mirrorPad(x, [[0, 0], [this.pad, this.pad], [this.pad, this.pad], [0, 0]], 'reflect');
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), pad: this.pad };
  }
}

tf.serialization.registerClass(ReflectPad2D);
