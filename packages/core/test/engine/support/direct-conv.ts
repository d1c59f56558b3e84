/**
 * Float64 direct-loop convolutions (NHWC) and their exact adjoints: the reference the engine's
 * gradients are compared with. Dense filters are [kh, kw, Cin, Cout]; depthwise ones [kh, kw, C, m]
 * with output channel c*m + q.
 */
export interface ConvCase {
  readonly xShape: readonly [number, number, number, number];
  readonly kernel: readonly [number, number];
  readonly outChannels: number;
  readonly stride: number;
  readonly dilation: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly depthwise?: boolean;
}

/** Visits every (output position, tap, input position) triple that the convolution connects. */
function forEachConnection(
  c: ConvCase,
  visit: (outBase: number, inBase: number, tapBase: number) => void,
): void {
  const [batch, height, width] = c.xShape;
  const [kernelHeight, kernelWidth] = c.kernel;
  for (let n = 0; n < batch; n++) {
    for (let oy = 0; oy < c.outHeight; oy++) {
      for (let ox = 0; ox < c.outWidth; ox++) {
        for (let i = 0; i < kernelHeight; i++) {
          const y = oy * c.stride + i * c.dilation - c.padTop;
          if (y < 0 || y >= height) continue;
          for (let j = 0; j < kernelWidth; j++) {
            const x = ox * c.stride + j * c.dilation - c.padLeft;
            if (x < 0 || x >= width) continue;
            visit((n * c.outHeight + oy) * c.outWidth + ox, (n * height + y) * width + x, i * kernelWidth + j);
          }
        }
      }
    }
  }
}

function outChannelsOf(c: ConvCase): number {
  return c.depthwise ? c.xShape[3] * c.outChannels : c.outChannels;
}

export function directConv(c: ConvCase, x: Float64Array, filter: Float64Array): Float64Array {
  const channels = c.xShape[3];
  const outChannels = outChannelsOf(c);
  const out = new Float64Array(c.xShape[0] * c.outHeight * c.outWidth * outChannels);
  forEachConnection(c, (outBase, inBase, tap) => {
    for (let ci = 0; ci < channels; ci++) {
      const value = x[inBase * channels + ci]!;
      if (c.depthwise) {
        for (let q = 0; q < c.outChannels; q++) {
          out[outBase * outChannels + ci * c.outChannels + q]! += value * filter[(tap * channels + ci) * c.outChannels + q]!;
        }
      } else {
        for (let co = 0; co < outChannels; co++) out[outBase * outChannels + co]! += value * filter[(tap * channels + ci) * outChannels + co]!;
      }
    }
  });
  return out;
}

/** Gradients of sum(conv(x, filter) * dy) with respect to x and to the filter. */
export function directConvGradients(
  c: ConvCase,
  x: Float64Array,
  filter: Float64Array,
  dy: Float64Array,
): { dx: Float64Array; dFilter: Float64Array } {
  const channels = c.xShape[3];
  const outChannels = outChannelsOf(c);
  const dx = new Float64Array(x.length);
  const dFilter = new Float64Array(filter.length);
  forEachConnection(c, (outBase, inBase, tap) => {
    for (let ci = 0; ci < channels; ci++) {
      const value = x[inBase * channels + ci]!;
      const multiples = c.depthwise ? c.outChannels : outChannels;
      for (let k = 0; k < multiples; k++) {
        const co = c.depthwise ? ci * c.outChannels + k : k;
        const weightIndex = (tap * channels + ci) * multiples + k;
        const gradient = dy[outBase * outChannels + co]!;
        dx[inBase * channels + ci]! += gradient * filter[weightIndex]!;
        dFilter[weightIndex]! += gradient * value;
      }
    }
  });
  return { dx, dFilter };
}

/**
 * Central finite differences of L = sum(conv(x, filter) * dy) at a few positions of x and of the
 * filter; L is linear in each, so in float64 these equal the true derivatives up to rounding.
 */
export function finiteDifferences(
  c: ConvCase,
  x: Float64Array,
  filter: Float64Array,
  dy: Float64Array,
  positions: { x: readonly number[]; filter: readonly number[] },
  step = 1e-3,
): { dx: number[]; dFilter: number[] } {
  const loss = (xs: Float64Array, fs: Float64Array) => directConv(c, xs, fs).reduce((sum, value, index) => sum + value * dy[index]!, 0);
  const derivative = (values: Float64Array, index: number, evaluate: (changed: Float64Array) => number) => {
    const plus = Float64Array.from(values);
    const minus = Float64Array.from(values);
    plus[index]! += step;
    minus[index]! -= step;
    return (evaluate(plus) - evaluate(minus)) / (2 * step);
  };
  return {
    dx: positions.x.map((index) => derivative(x, index, (changed) => loss(changed, filter))),
    dFilter: positions.filter.map((index) => derivative(filter, index, (changed) => loss(x, changed))),
  };
}
