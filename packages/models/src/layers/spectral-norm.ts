import * as tf from '@tensorflow/tfjs';

/** Added to vector norms before dividing, as the reference implementations do, so a zero vector stays finite. */
const NORM_EPS = 1e-12;

/** The value of x with no gradient through it (tfjs has no stop-gradient op). */
const stopGradient = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.clone(inputs[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

function l2Normalise(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.add(tf.norm(x), NORM_EPS));
}

export interface SpectralNormStep {
  /** The kernel divided by sigma (gradients flow through the kernel and sigma, not through u and v). */
  readonly kernel: tf.Tensor;
  /** The power-iteration vector after this call, [1, C_out]: the updated one when `update`, else the one given. */
  readonly u: tf.Tensor2D;
  /** The estimate of the kernel's largest singular value (as a [K, C_out] matrix). */
  readonly sigma: tf.Scalar;
}

/**
 * Miyato et al.'s spectral normalisation of a kernel reshaped to W = [K, C_out]: v = norm(u W^T) and, when
 * `update`, one power iteration u = norm(v W); sigma = v W u^T with u and v held constant for the gradient.
 * Without `update` the stored u is used as it is (inference).
 */
export function spectralNormStep(kernel: tf.Tensor, u: tf.Tensor2D, update: boolean): SpectralNormStep {
  return tf.tidy(() => {
    const outputs = kernel.shape[kernel.shape.length - 1]!;
    const matrix = tf.reshape(kernel, [-1, outputs]) as tf.Tensor2D;
    const constant = stopGradient(matrix) as tf.Tensor2D;
    const v = l2Normalise(tf.matMul(stopGradient(u) as tf.Tensor2D, constant, false, true));
    const next = update ? l2Normalise(tf.matMul(v, constant)) : (stopGradient(u) as tf.Tensor2D);
    const sigma = tf.sum(tf.mul(tf.matMul(v, matrix), next)) as tf.Scalar;
    return { kernel: tf.div(kernel, sigma), u: next, sigma };
  });
}

export interface SpectralConv2DArgs {
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides?: number;
  readonly dilation?: number;
  /** false: a plain conv (HDR-GAN's up-sampling convs, or the whole network with `generator.spectralNorm: false`). */
  readonly spectralNorm?: boolean;
  readonly useBias?: boolean;
  /** Seeds the He-normal kernel and the N(0, 1) power-iteration vector. */
  readonly seed?: number;
  readonly name?: string;
}

/**
 * A VALID conv2d (pad beforehand, e.g. with ReflectPad2D) whose kernel is spectrally normalised. The
 * power-iteration vector u is a non-trainable weight, so it is among the model's weights (checkpoints hold
 * it) but never in an optimiser's variable list: each forward with `training: true` advances it by one
 * iteration and stores it, inference uses it as stored. Built on tf.conv2d, so dilated kernels train with
 * the engine's dilation-aware gradient. Serialisable.
 */
export class SpectralConv2D extends tf.layers.Layer {
  static readonly className = 'SpectralConv2D';
  private readonly settings: Required<Omit<SpectralConv2DArgs, 'name' | 'seed'>> & { readonly seed: number | null };
  private kernel: tf.LayerVariable | undefined;
  private bias: tf.LayerVariable | undefined;
  private u: tf.LayerVariable | undefined;

  constructor(args: SpectralConv2DArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    const strides = args.strides ?? 1;
    const dilation = args.dilation ?? 1;
    if (!(Number.isInteger(dilation) && dilation >= 1)) throw new Error(`SpectralConv2D: dilation must be a positive integer, got ${dilation}`);
    if (strides > 1 && dilation > 1) throw new Error(`SpectralConv2D: strides ${strides} with dilation ${dilation}; one of them must be 1`);
    this.settings = {
      filters: args.filters,
      kernelSize: args.kernelSize,
      strides,
      dilation,
      spectralNorm: args.spectralNorm ?? true,
      useBias: args.useBias ?? true,
      seed: args.seed ?? null,
    };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (channels == null) throw new Error(`${this.name}: needs a known channel count, got input shape [${shape.join(', ')}]`);
    const { kernelSize, filters, seed } = this.settings;
    const seeded = seed === null ? {} : { seed };
    this.kernel = this.addWeight('kernel', [kernelSize, kernelSize, channels, filters], 'float32', tf.initializers.heNormal(seeded));
    if (this.settings.useBias) this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    if (this.settings.spectralNorm) {
      const uSeed = seed === null ? {} : { seed: (seed ^ 0x5bd1e995) >>> 0 };
      this.u = this.addWeight('u', [1, filters], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 1, ...uSeed }), undefined, false);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const { kernelSize, strides, dilation, filters } = this.settings;
    const extent = dilation * (kernelSize - 1) + 1;
    const size = (value: number | null | undefined) => (value == null ? null : Math.floor((value - extent) / strides) + 1);
    return [shape[0] ?? null, size(shape[1]), size(shape[2]), filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict = {}): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      let kernel = this.kernel!.read();
      if (this.u) {
        const training = kwargs['training'] === true;
        const step = spectralNormStep(kernel, this.u.read() as tf.Tensor2D, training);
        if (training) this.u.write(step.u);
        kernel = step.kernel;
      }
      const { strides, dilation } = this.settings;
      const y = tf.conv2d(x, kernel as tf.Tensor4D, strides, 'valid', 'NHWC', dilation);
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.settings };
  }
}

tf.serialization.registerClass(SpectralConv2D);
