import * as tf from '@tensorflow/tfjs';

/** ImageNet channel means in BGR order, in 8-bit units (the Caffe VGG convention both VGG16 and VGG19 were trained with). */
export const CAFFE_BGR_MEANS = [103.939, 116.779, 123.68] as const;

export type InputTransform = 'identity' | 'sqrt';

function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0]! : inputs;
}

/**
 * The generator's input in 8-bit code units: 255 T(x). HDR-CNN assumes display-referred input whose square
 * is linear; `sqrt` feeds the square root of the linear LDR the hybrid-loss paper uses, so that built-in
 * x^2 linearisation is exact, `identity` feeds it as it is.
 */
export class LdrCodeValues extends tf.layers.Layer {
  static readonly className = 'LdrCodeValues';
  readonly transform: InputTransform;

  constructor(args: { transform: InputTransform; name?: string }) {
    super(args.name === undefined ? {} : { name: args.name });
    this.transform = args.transform;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      return tf.mul(this.transform === 'sqrt' ? tf.sqrt(tf.relu(x)) : x, 255);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), transform: this.transform };
  }
}

/**
 * Caffe-style VGG input: scale to 8-bit units, RGB to BGR, subtract the ImageNet means. `scale` is 1 for the
 * generator (its input is already 255 x) and 255 for VGG19, whose input is a log image treated as [0, 1] units.
 */
export class CaffePreprocess extends tf.layers.Layer {
  static readonly className = 'CaffePreprocess';
  readonly scale: number;

  constructor(args: { scale: number; name?: string }) {
    super(args.name === undefined ? {} : { name: args.name });
    this.scale = args.scale;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.sub(tf.reverse(tf.mul(single(inputs), this.scale), -1), tf.tensor1d(CAFFE_BGR_MEANS.slice())));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale };
  }
}

/**
 * HDR-CNN's skip-connection domain change from the encoder's LDR activations to the decoder's log-HDR
 * domain: s' = log((s / 255)^2 + 1/255). Applied to the raw input (255 x) too, where it gives log(x^2 + 1/255).
 */
export class LogSkipTransform extends tf.layers.Layer {
  static readonly className = 'LogSkipTransform';

  constructor(args: { name?: string } = {}) {
    super(args.name === undefined ? {} : { name: args.name });
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.log(tf.add(tf.square(tf.div(single(inputs), 255)), 1 / 255)));
  }
}

tf.serialization.registerClass(LdrCodeValues);
tf.serialization.registerClass(CaffePreprocess);
tf.serialization.registerClass(LogSkipTransform);
