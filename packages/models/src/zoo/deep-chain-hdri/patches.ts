import * as tf from '@tensorflow/tfjs';

/** Patches run through the networks together; bounds memory whatever the image size. */
const PATCHES_PER_PASS = 16;

/** Patch origins along one axis: every `stride` pixels, plus one flush with the far edge so every pixel is covered. */
export function patchOrigins(length: number, size: number, stride: number): number[] {
  const last = length - size;
  const origins: number[] = [];
  for (let origin = 0; origin < last; origin += stride) origins.push(origin);
  origins.push(last);
  return origins;
}

/**
 * [S003]'s inference: the image cut into size x size patches every `stride` pixels (the paper: 64, stride
 * 1), each inferred on its own, and the overlapping outputs averaged. An image smaller than a patch is
 * one patch. `run` maps a batch of patches to the same batch of outputs.
 */
export function patchAveraged(image: tf.Tensor4D, size: number, stride: number, run: (patches: tf.Tensor4D) => tf.Tensor4D): tf.Tensor4D {
  const [, height, width] = image.shape;
  const patchHeight = Math.min(size, height);
  const patchWidth = Math.min(size, width);
  const boxes = patchOrigins(height, patchHeight, stride).flatMap((top) => patchOrigins(width, patchWidth, stride).map((left) => ({ top, left })));
  let sums: Float32Array | undefined;
  let channels = 0;
  const counts = new Float32Array(height * width);
  for (let start = 0; start < boxes.length; start += PATCHES_PER_PASS) {
    const group = boxes.slice(start, start + PATCHES_PER_PASS);
    const values = tf.tidy(() => {
      const patches = tf.concat(group.map(({ top, left }) => tf.slice(image, [0, top, left, 0], [1, patchHeight, patchWidth, image.shape[3]])));
      const out = run(patches as tf.Tensor4D);
      channels = out.shape[3];
      return out.dataSync() as Float32Array;
    });
    sums ??= new Float32Array(height * width * channels);
    group.forEach(({ top, left }, index) => {
      for (let y = 0; y < patchHeight; y++) {
        for (let x = 0; x < patchWidth; x++) {
          const pixel = (top + y) * width + left + x;
          counts[pixel]++;
          const from = ((index * patchHeight + y) * patchWidth + x) * channels;
          for (let c = 0; c < channels; c++) sums![pixel * channels + c] += values[from + c]!;
        }
      }
    });
  }
  for (let pixel = 0; pixel < height * width; pixel++) {
    for (let c = 0; c < channels; c++) sums![pixel * channels + c] /= counts[pixel]!;
  }
  return tf.tensor4d(sums!, [1, height, width, channels]);
}
