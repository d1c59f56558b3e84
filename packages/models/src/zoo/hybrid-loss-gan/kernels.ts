import * as tf from '@tensorflow/tfjs';

/**
 * HDR-CNN's deconvolution start: a 4x4 bilinear up-sampling kernel (1-D taps 1/4, 3/4, 3/4, 1/4) on the
 * channel diagonal, in the conv-transpose layout [4, 4, out, in]. Where out < in only the first `out`
 * input channels pass, as in HDR-CNN.
 */
export function bilinearUpsamplingKernel(outChannels: number, inChannels: number): tf.Tensor4D {
  const size = 4;
  const factor = 2;
  const centre = factor - 0.5;
  const taps = Array.from({ length: size }, (_, i) => 1 - Math.abs(i - centre) / factor);
  const values = new Float32Array(size * size * outChannels * inChannels);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < Math.min(outChannels, inChannels); c++) values[((y * size + x) * outChannels + c) * inChannels + c] = taps[y]! * taps[x]!;
    }
  }
  return tf.tensor4d(values, [size, size, outChannels, inChannels]);
}

/**
 * HDR-CNN's fusion start: a 1x1 conv over concat[a, s'] (2C channels) to C that computes a + s' (two
 * identity blocks stacked), [1, 1, 2C, C].
 */
export function additiveFusionKernel(channels: number): tf.Tensor4D {
  const values = new Float32Array(2 * channels * channels);
  for (let c = 0; c < channels; c++) {
    values[c * channels + c] = 1;
    values[(channels + c) * channels + c] = 1;
  }
  return tf.tensor4d(values, [1, 1, 2 * channels, channels]);
}
