import * as tf from '@tensorflow/tfjs';

export type DataFormat = 'NHWC' | 'NCHW';

/** The gradient formulations work in NHWC; NCHW callers are served through two 4-D transposes. */
export function toNhwc(tensor: tf.Tensor4D, format: DataFormat | undefined): tf.Tensor4D {
  return format === 'NCHW' ? tf.transpose(tensor, [0, 2, 3, 1]) : tensor;
}

export function fromNhwc(tensor: tf.Tensor4D, format: DataFormat | undefined): tf.Tensor4D {
  return format === 'NCHW' ? tf.transpose(tensor, [0, 3, 1, 2]) : tensor;
}

export function nhwcShape(
  shape: readonly [number, number, number, number],
  format: DataFormat | undefined,
): [number, number, number, number] {
  return format === 'NCHW' ? [shape[0], shape[2], shape[3], shape[1]] : [shape[0], shape[1], shape[2], shape[3]];
}

type Padding = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** Explicit pads are listed per axis of the data format; the NHWC formulations need them in NHWC order. */
export function nhwcPadding<P extends Padding>(pad: P, format: DataFormat | undefined): P {
  if (format !== 'NCHW' || !Array.isArray(pad)) return pad;
  return [pad[0], pad[2], pad[3], pad[1]] as P;
}
