import * as tf from '@tensorflow/tfjs';
import { convBackpropFilter } from '../conv/backprop-filter.js';
import { convBackpropInput } from '../conv/backprop-input.js';
import { convGeometry } from '../conv/geometry.js';
import { fromNhwc, nhwcPadding, nhwcShape, toNhwc } from '../conv/layout.js';

function isOne(value: number | [number, number] | undefined): boolean {
  return value === undefined || (Array.isArray(value) ? value[0] === 1 && value[1] === 1 : value === 1);
}

/**
 * Conv2D gradient that supports dilation > 1 on every backend (tfjs-core's asserts dilation 1).
 * Undilated convolutions go through the backend's backprop kernels (native TensorFlow's own, or the
 * forward-convolution kernels registered for wasm and cpu); dilated ones use the same forward
 * formulations directly, because the backprop kernels' attributes carry no dilation.
 */
export const conv2dGradient: tf.GradConfig = {
  kernelName: tf.Conv2D,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs as unknown as tf.Conv2DAttrs;
    const gradient = dy as tf.Tensor4D;
    if (isOne(dilations)) {
      return {
        x: () =>
          tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: gradient, filter }, {
            strides,
            pad,
            dataFormat,
            dimRoundingMode,
            inputShape: x.shape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor,
        filter: () =>
          tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: gradient }, {
            strides,
            pad,
            dataFormat,
            dimRoundingMode,
            filterShape: filter.shape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor,
      };
    }
    const geometry = convGeometry(nhwcShape(x.shape, dataFormat), filter.shape, strides, dilations, nhwcPadding(pad, dataFormat), dimRoundingMode);
    return {
      x: () => tf.tidy(() => fromNhwc(convBackpropInput(toNhwc(gradient, dataFormat), filter, geometry), dataFormat)),
      filter: () => tf.tidy(() => convBackpropFilter(toNhwc(x, dataFormat), toNhwc(gradient, dataFormat), geometry)),
    };
  },
};

/** DepthwiseConv2dNative gradient without the dilation assertion; its backprop kernels carry the dilation. */
export const depthwiseGradient: tf.GradConfig = {
  kernelName: tf.DepthwiseConv2dNative,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const { strides, pad, dilations, dimRoundingMode } = attrs as unknown as tf.DepthwiseConv2dNativeAttrs;
    const common = { strides, pad, dilations: dilations ?? [1, 1], dimRoundingMode };
    return {
      x: () =>
        tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy: dy as tf.Tensor, filter }, {
          ...common,
          inputShape: x.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
      filter: () =>
        tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter, { x, dy: dy as tf.Tensor }, {
          ...common,
          filterShape: filter.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    };
  },
};
