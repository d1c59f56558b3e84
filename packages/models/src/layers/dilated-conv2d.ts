import * as tf from '@tensorflow/tfjs';

export interface DilatedConv2DArgs {
  readonly filters: number;
  readonly kernelSize: number;
  readonly dilation: number;
  /** 'same' keeps the spatial size (the papers' dilated blocks); 'valid' shrinks by dilation (k - 1). */
  readonly padding?: 'same' | 'valid';
  readonly useBias?: boolean;
  readonly kernelInitializer?: ReturnType<typeof tf.initializers.heNormal>;
  readonly name?: string;
}

/**
 * A stride-1 dilated convolution as tf.conv2d + bias, so it trains: tf.layers.conv2d goes through the
 * fused kernel, whose gradient refuses dilation > 1 on every backend, while plain Conv2D's gradient is
 * the engine's (dilation-aware, registered by initEngine). Serialisable.
 */
export class DilatedConv2D extends tf.layers.Layer {
  static readonly className = 'DilatedConv2D';
  private readonly settings: Required<Omit<DilatedConv2DArgs, 'name' | 'kernelInitializer'>>;
  private readonly kernelInitializer: ReturnType<typeof tf.initializers.heNormal>;
  private kernel: tf.LayerVariable | undefined;
  private bias: tf.LayerVariable | undefined;

  constructor(args: DilatedConv2DArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    if (!(Number.isInteger(args.dilation) && args.dilation >= 1)) throw new Error(`dilation must be a positive integer, got ${args.dilation}`);
    this.settings = { filters: args.filters, kernelSize: args.kernelSize, dilation: args.dilation, padding: args.padding ?? 'same', useBias: args.useBias ?? true };
    this.kernelInitializer = args.kernelInitializer ?? tf.initializers.heNormal({});
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null) throw new Error(`${this.name}: needs a known channel count, got input shape [${shape.join(', ')}]`);
    const { kernelSize, filters } = this.settings;
    this.kernel = this.addWeight('kernel', [kernelSize, kernelSize, channels, filters], 'float32', this.kernelInitializer);
    if (this.settings.useBias) this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const shrink = this.settings.padding === 'valid' ? this.settings.dilation * (this.settings.kernelSize - 1) : 0;
    const size = (value: number | null) => (value == null ? null : value - shrink);
    return [shape[0] ?? null, size(shape[1] ?? null), size(shape[2] ?? null), this.settings.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const { dilation, padding } = this.settings;
      const y = tf.conv2d(x, this.kernel!.read() as tf.Tensor4D, 1, padding, 'NHWC', dilation);
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.settings };
  }
}

tf.serialization.registerClass(DilatedConv2D);
