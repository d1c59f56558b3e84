import * as tf from '@tensorflow/tfjs';
import { convBackpropFilter } from './backprop-filter.js';
import { convBackpropInput } from './backprop-input.js';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwise-backprop.js';
import { convGeometry } from './geometry.js';
import { fromNhwc, nhwcPadding, nhwcShape, toNhwc } from './layout.js';

/**
 * Kernels that express convolution gradients as forward convolutions, so every backend runs them at
 * its forward speed. A kernel body may call ordinary tf ops: inside a kernel the gradient tape is off,
 * so autodiff is unaffected, and tf.tidy keeps tensor counts flat.
 */
const kernelFunctions: Record<string, tf.KernelFunc> = {
  [tf.Conv2DBackpropInput]: ({ inputs, attrs }) => {
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    return tf.tidy(() => {
      const dy = toNhwc(asTensor(inputs['dy']!), dataFormat);
      const filter = asTensor(inputs['filter']!);
      const geometry = convGeometry(nhwcShape(inputShape, dataFormat), filter.shape, strides, 1, nhwcPadding(pad, dataFormat), dimRoundingMode);
      return fromNhwc(convBackpropInput(dy, filter, geometry), dataFormat);
    });
  },
  [tf.Conv2DBackpropFilter]: ({ inputs, attrs }) => {
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    return tf.tidy(() => {
      const x = toNhwc(asTensor(inputs['x']!), dataFormat);
      const dy = toNhwc(asTensor(inputs['dy']!), dataFormat);
      const geometry = convGeometry(x.shape, filterShape, strides, 1, nhwcPadding(pad, dataFormat), dimRoundingMode);
      return convBackpropFilter(x, dy, geometry);
    });
  },
  [tf.DepthwiseConv2dNativeBackpropInput]: ({ inputs, attrs }) => {
    const { strides, dilations, pad, dimRoundingMode, inputShape } =
      attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs;
    return tf.tidy(() => {
      const dy = asTensor(inputs['dy']!);
      const filter = asTensor(inputs['filter']!);
      const geometry = convGeometry(inputShape, filter.shape, strides, dilations, pad, dimRoundingMode, true);
      return depthwiseBackpropInput(dy, filter, geometry);
    });
  },
  [tf.DepthwiseConv2dNativeBackpropFilter]: ({ inputs, attrs }) => {
    const { strides, dilations, pad, dimRoundingMode, filterShape } =
      attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
    return tf.tidy(() => {
      const x = asTensor(inputs['x']!);
      const dy = asTensor(inputs['dy']!);
      const geometry = convGeometry(x.shape, filterShape, strides, dilations, pad, dimRoundingMode, true);
      return depthwiseBackpropFilter(x, dy, filterShape, geometry);
    });
  },
};

/** Installs the kernels on a backend, replacing its own (slow or missing) ones. */
export function registerConvGradientKernels(backendName: string): void {
  for (const [kernelName, kernelFunc] of Object.entries(kernelFunctions)) {
    if (tf.getKernel(kernelName, backendName) !== undefined) tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ kernelName, backendName, kernelFunc });
  }
}

/**
 * Kernel inputs are the callers' tensors when the engine runs the kernel; a bare TensorInfo (from a
 * backend calling kernels directly) is wrapped with its own reference, so disposing the wrapper at
 * the end of the kernel's tidy leaves the caller's data alone.
 */
function asTensor(info: tf.TensorInfo): tf.Tensor4D {
  if (info instanceof tf.Tensor) return info as tf.Tensor4D;
  const engine = tf.engine();
  const tensor = engine.makeTensorFromTensorInfo(info);
  engine.backend.incRef(info.dataId);
  return tensor as tf.Tensor4D;
}
