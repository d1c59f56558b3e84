import * as tf from '@tensorflow/tfjs';

/**
 * The small U-Net that the engine is measured and checked with (the same network exists in PyTorch in
 * bench/reference): encoder 3-32-32, 32-64 (stride 2), 64-64, 64-128 (stride 2); three 128-128
 * convolutions with dilation 1, 2, 4; decoder: bilinear x2 + skip concat -> 192-64, x2 + concat ->
 * 96-32, then 32-3. All 3x3 with bias; ReLU except the output; TF 'same' padding.
 */
export interface ReferenceNetwork {
  readonly variables: tf.Variable[];
  predict(input: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

interface ConvLayer {
  readonly filter: tf.Variable;
  readonly bias: tf.Variable;
  readonly stride: number;
  readonly dilation: number;
  readonly relu: boolean;
}

type LayerSpec = readonly [inChannels: number, outChannels: number, stride: number, dilation: number, relu: boolean];

const LAYERS = {
  encode1: [3, 32, 1, 1, true],
  encode2: [32, 32, 1, 1, true],
  down1: [32, 64, 2, 1, true],
  encode3: [64, 64, 1, 1, true],
  down2: [64, 128, 2, 1, true],
  dilated1: [128, 128, 1, 1, true],
  dilated2: [128, 128, 1, 2, true],
  dilated4: [128, 128, 1, 4, true],
  decode1: [192, 64, 1, 1, true],
  decode2: [96, 32, 1, 1, true],
  output: [32, 3, 1, 1, false],
} as const satisfies Record<string, LayerSpec>;

type LayerName = keyof typeof LAYERS;

/** Builds the network with He-uniform weights drawn from `seed`, identical on every backend. */
export function createReferenceNetwork(seed = 1): ReferenceNetwork {
  const entries = Object.entries(LAYERS) as [LayerName, LayerSpec][];
  const layers = Object.fromEntries(
    entries.map(([name, [inChannels, outChannels, stride, dilation, relu]], index) => {
      const limit = Math.sqrt(6 / (9 * inChannels));
      const layer: ConvLayer = {
        filter: tf.variable(tf.randomUniform([3, 3, inChannels, outChannels], -limit, limit, 'float32', seed * 1000 + index)),
        bias: tf.variable(tf.zeros([outChannels])),
        stride,
        dilation,
        relu,
      };
      return [name, layer];
    }),
  ) as Record<LayerName, ConvLayer>;
  const apply = (name: LayerName, input: tf.Tensor4D) => convolve(layers[name], input);
  return {
    variables: Object.values(layers).flatMap((layer) => [layer.filter, layer.bias]),
    predict: (input) =>
      tf.tidy(() => {
        const full = apply('encode2', apply('encode1', input));
        const half = apply('encode3', apply('down1', full));
        const quarter = apply('dilated4', apply('dilated2', apply('dilated1', apply('down2', half))));
        const up1 = apply('decode1', tf.concat([upsample(quarter, half), half], 3));
        const up2 = apply('decode2', tf.concat([upsample(up1, full), full], 3));
        return apply('output', up2);
      }),
    dispose: () => {
      for (const layer of Object.values(layers)) tf.dispose([layer.filter, layer.bias]);
    },
  };
}

/**
 * Undilated layers use the fused kernel (bias and ReLU inside XNNPACK's convolution when not
 * training); dilated ones the plain conv2d, whose gradient the engine extends to dilation > 1.
 */
function convolve(layer: ConvLayer, input: tf.Tensor4D): tf.Tensor4D {
  if (layer.dilation === 1) {
    return tf.fused.conv2d({
      x: input,
      filter: layer.filter as tf.Tensor4D,
      strides: layer.stride,
      pad: 'same',
      bias: layer.bias,
      activation: layer.relu ? 'relu' : 'linear',
    });
  }
  const convolved = tf.add(tf.conv2d(input, layer.filter as tf.Tensor4D, layer.stride, 'same', 'NHWC', layer.dilation), layer.bias);
  return (layer.relu ? tf.relu(convolved) : convolved) as tf.Tensor4D;
}

/** Bilinear x2 with half-pixel centres, as PyTorch's align_corners=False. */
function upsample(input: tf.Tensor4D, like: tf.Tensor4D): tf.Tensor4D {
  return tf.image.resizeBilinear(input, [like.shape[1], like.shape[2]], false, true);
}

/** A fixed synthetic batch: inputs and a smooth target derived from them. */
export function referenceBatch(batch: number, size: number, seed = 7): { input: tf.Tensor4D; target: tf.Tensor4D } {
  return tf.tidy(() => {
    const input = tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
    const target = tf.mul(tf.pow(input, 2.2), 0.8) as tf.Tensor4D;
    return { input, target };
  });
}

/** One Adam step on the L1 loss; returns the loss before the update. */
export function referenceTrainingStep(
  network: ReferenceNetwork,
  optimizer: tf.Optimizer,
  input: tf.Tensor4D,
  target: tf.Tensor4D,
): number {
  const loss = optimizer.minimize(() => tf.mean(tf.abs(tf.sub(network.predict(input), target))) as tf.Scalar, true, network.variables);
  const value = loss!.dataSync()[0]!;
  loss!.dispose();
  return value;
}
