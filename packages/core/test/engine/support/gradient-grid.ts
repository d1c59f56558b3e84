import * as tf from '@tensorflow/tfjs';
import type { ConvCase } from './direct-conv.js';

export type Padding = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

export interface GridCase extends ConvCase {
  readonly name: string;
  readonly pad: Padding;
}

const INPUTS: readonly (readonly [number, number, number, number])[] = [
  [2, 23, 31, 3],
  [1, 30, 17, 2],
];
const KERNELS: readonly (readonly [number, number])[] = [
  [1, 1],
  [2, 2],
  [3, 3],
  [5, 5],
  [3, 5],
];
const PADDINGS: readonly Padding[] = [
  'same',
  'valid',
  [
    [0, 0],
    [2, 1],
    [0, 3],
    [0, 0],
  ],
  [
    [0, 0],
    [7, 9],
    [11, 6],
    [0, 0],
  ],
];
/** tfjs forbids stride > 1 together with dilation > 1, so strides are tried undilated. */
const STRIDE_DILATION: readonly (readonly [number, number])[] = [
  [1, 1],
  [2, 1],
  [3, 1],
  [1, 2],
  [1, 3],
  [1, 5],
  [1, 8],
  [1, 13],
];

function describePad(pad: Padding): string {
  return typeof pad === 'string' ? pad : `pad ${pad[1].join('/')}x${pad[2].join('/')}`;
}

/** One convolution with tfjs's own geometry for it; undefined when its output would be empty. */
export function gridCase(
  xShape: readonly [number, number, number, number],
  kernel: readonly [number, number],
  pad: Padding,
  stride: number,
  dilation: number,
  outChannels: number,
  depthwise = false,
): GridCase | undefined {
  const filterShape: [number, number, number, number] = [kernel[0], kernel[1], xShape[3], outChannels];
  const info = tf.backend_util.computeConv2DInfo([...xShape], filterShape, stride, dilation, pad, undefined, depthwise);
  if (info.outHeight <= 0 || info.outWidth <= 0) return undefined;
  return {
    name: `${depthwise ? 'depthwise ' : ''}x ${xShape.join('x')} k ${kernel.join('x')} s${stride} d${dilation} ${describePad(pad)} out ${outChannels}`,
    xShape,
    kernel,
    outChannels,
    stride,
    dilation,
    pad,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    depthwise,
  };
}

export interface EmptyCombination {
  readonly xShape: readonly [number, number, number, number];
  readonly kernel: readonly [number, number];
  readonly pad: Padding;
  readonly dilation: number;
}

/** Every combination whose output is non-empty, and those left out because it would be empty. */
export function gradientGrid(options: { depthwise?: boolean } = {}): { cases: GridCase[]; empty: EmptyCombination[] } {
  const depthwise = options.depthwise ?? false;
  const cases: GridCase[] = [];
  const empty: EmptyCombination[] = [];
  let outChannels = 0;
  for (const xShape of INPUTS) {
    for (const kernel of KERNELS) {
      for (const pad of PADDINGS) {
        for (const [stride, dilation] of STRIDE_DILATION) {
          if (depthwise && (dilation > 3 || stride > 2)) continue;
          outChannels = (outChannels % 5) + 1;
          const multiplier = depthwise ? (outChannels % 2) + 1 : outChannels;
          const c = gridCase(xShape, kernel, pad, stride, dilation, multiplier, depthwise);
          if (c) cases.push(c);
          else empty.push({ xShape, kernel, pad, dilation });
        }
      }
    }
  }
  return { cases, empty };
}

/** Deterministic values in [-1, 1) that float32 holds exactly, so float32 and float64 see the same data. */
export function seededValues(count: number, seed: number): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < count; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[index] = (state >>> 8) / (1 << 23) - 1;
  }
  return values;
}

export interface CaseData {
  readonly x: Float32Array;
  readonly filter: Float32Array;
  readonly dy: Float32Array;
}

export function caseData(c: GridCase, seed: number): CaseData {
  const [batch, height, width, channels] = c.xShape;
  const filterSize = c.kernel[0] * c.kernel[1] * channels * c.outChannels;
  const outChannels = c.depthwise ? channels * c.outChannels : c.outChannels;
  return {
    x: seededValues(batch * height * width * channels, seed),
    filter: seededValues(filterSize, seed + 1),
    dy: seededValues(batch * c.outHeight * c.outWidth * outChannels, seed + 2),
  };
}

/** dx and dFilter of sum(conv(x, filter) * dy) through tfjs's autodiff on the current backend. */
export function tfGradients(c: GridCase, data: CaseData): { dx: Float32Array; dFilter: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(data.x, [...c.xShape]);
    const filter = tf.tensor4d(data.filter, [c.kernel[0], c.kernel[1], c.xShape[3], c.outChannels]);
    const dy = tf.tensor(data.dy);
    const convolve = (input: tf.Tensor, weights: tf.Tensor) => {
      const out = c.depthwise
        ? tf.depthwiseConv2d(input as tf.Tensor4D, weights as tf.Tensor4D, c.stride, c.pad, 'NHWC', c.dilation)
        : tf.conv2d(input as tf.Tensor4D, weights as tf.Tensor4D, c.stride, c.pad, 'NHWC', c.dilation);
      return tf.sum(tf.mul(tf.reshape(out, [-1]), dy));
    };
    const [dx, dFilter] = tf.grads(convolve)([x, filter]);
    return { dx: dx!.dataSync() as Float32Array, dFilter: dFilter!.dataSync() as Float32Array };
  });
}

/** max |a - b| relative to the reference's magnitude (at least 1). */
export function scaledError(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  let error = 0;
  let magnitude = 1;
  for (let index = 0; index < reference.length; index++) {
    error = Math.max(error, Math.abs(actual[index]! - reference[index]!));
    magnitude = Math.max(magnitude, Math.abs(reference[index]!));
  }
  return error / magnitude;
}

/** dx through tf.conv2dTranspose and dFilter through the Conv2DBackpropFilter kernel, for undilated cases. */
export function kernelGradients(c: GridCase, data: CaseData): { dx: Float32Array; dFilter: Float32Array } {
  return tf.tidy(() => {
    const filterShape: [number, number, number, number] = [c.kernel[0], c.kernel[1], c.xShape[3], c.outChannels];
    const x = tf.tensor4d(data.x, [...c.xShape]);
    const filter = tf.tensor4d(data.filter, filterShape);
    const dy = tf.tensor4d(data.dy, [c.xShape[0], c.outHeight, c.outWidth, c.outChannels]);
    const dx = tf.conv2dTranspose(dy, filter, [...c.xShape], c.stride, c.pad);
    const dFilter = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
      strides: c.stride,
      pad: c.pad,
      dataFormat: 'NHWC',
      filterShape,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
    return { dx: dx.dataSync() as Float32Array, dFilter: dFilter.dataSync() as Float32Array };
  });
}
