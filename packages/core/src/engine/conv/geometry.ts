import * as tf from '@tensorflow/tfjs';

/** Padding as tf.conv2d accepts it explicitly: [[0,0],[top,bottom],[left,right],[0,0]]. */
export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/** One spatial axis of a convolution: everything its gradients need to know. */
export interface AxisGeometry {
  readonly inSize: number;
  readonly outSize: number;
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
  /** Padding before the first input sample (top or left). */
  readonly padBefore: number;
}

export interface ConvGeometry {
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly rows: AxisGeometry;
  readonly cols: AxisGeometry;
}

export type PaddingSpec = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** Geometry of an NHWC convolution, computed by tfjs itself so that gradients agree with its forward pass. */
export function convGeometry(
  xShape: readonly [number, number, number, number],
  filterShape: readonly [number, number, number, number],
  strides: number | [number, number],
  dilations: number | [number, number],
  pad: PaddingSpec,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
  depthwise = false,
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    [...xShape] as [number, number, number, number],
    [...filterShape] as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    depthwise,
  );
  return {
    batch: info.batchSize,
    inChannels: info.inChannels,
    outChannels: info.outChannels,
    rows: {
      inSize: info.inHeight,
      outSize: info.outHeight,
      kernel: info.filterHeight,
      stride: info.strideHeight,
      dilation: info.dilationHeight,
      padBefore: info.padInfo.top,
    },
    cols: {
      inSize: info.inWidth,
      outSize: info.outWidth,
      kernel: info.filterWidth,
      stride: info.strideWidth,
      dilation: info.dilationWidth,
      padBefore: info.padInfo.left,
    },
  };
}

/** Extent of a dilated kernel minus one: how far its last tap lies from its first. */
export function kernelSpan(axis: Pick<AxisGeometry, 'kernel' | 'dilation'>): number {
  return (axis.kernel - 1) * axis.dilation;
}

/**
 * A window onto an axis for a stride-1 correlation: `before`/`after` are the padding to add
 * (negative values mean samples to drop), chosen so the correlation yields `outSize` samples.
 */
export interface AxisWindow {
  readonly before: number;
  readonly after: number;
}

export function windowFor(inSize: number, outSize: number, span: number, before: number): AxisWindow {
  return { before, after: outSize + span - before - inSize };
}

/**
 * Padding for the filter-gradient convolution (input and dy with batch and channels swapped), chosen
 * so that it produces exactly `kernel` samples along the axis.
 */
export function filterGradientWindow(axis: AxisGeometry): AxisWindow {
  const extent = kernelSpan(axis) + (axis.outSize - 1) * axis.stride + 1;
  return { before: axis.padBefore, after: extent - axis.padBefore - axis.inSize };
}
