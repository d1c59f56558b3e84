import * as tf from '@tensorflow/tfjs';

/**
 * Pads [N, H, W, C] at the bottom and right to multiples of `multiple` (reflect where the image is large
 * enough, else symmetric edge copies), runs `f`, and crops the result back to H x W.
 */
export function withPaddingToMultiple(input: tf.Tensor4D, multiple: number, f: (padded: tf.Tensor4D) => tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = input.shape;
    const padBottom = (multiple - (height % multiple)) % multiple;
    const padRight = (multiple - (width % multiple)) % multiple;
    if (padBottom === 0 && padRight === 0) return f(input);
    const mode = padBottom < height && padRight < width ? 'reflect' : 'symmetric';
    const padded = tf.mirrorPad(input, [[0, 0], [0, padBottom], [0, padRight], [0, 0]], mode);
    const output = f(padded);
    return tf.slice(output, [0, 0, 0, 0], [output.shape[0], height, width, output.shape[3]]);
  });
}
