import * as tf from '@tensorflow/tfjs';

export interface TilingOptions {
  /** Largest side of a tile's core, in pixels (rounded down to `multiple`); default 512. */
  readonly tile?: number;
  /** Context added on every side of a tile and discarded afterwards (rounded up to `multiple`). */
  readonly halo: number;
  /** Tile origins and sizes are multiples of this, so down-sampling grids line up with the whole image's. */
  readonly multiple: number;
}

/** An image, a network's input or its output, HWC with any channel count (Deep Chain: six exposures; brackets: their exposures side by side). */
export interface ImageArray {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Float32Array;
}

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

/**
 * Runs a fully convolutional `forward` over an image tile by tile so memory stays bounded whatever the
 * image size: each tile is cut with `halo` pixels of context on every side (fewer at the borders), and
 * only its core is kept. With a halo at least the receptive field's radius the result equals one
 * whole-image pass up to float rounding; smaller halos trade exactness at tile seams for memory.
 */
export function predictTiled(image: ImageArray, forward: (input: tf.Tensor4D) => tf.Tensor4D, options: TilingOptions): ImageArray {
  const { width, height, channels } = image;
  const multiple = Math.max(1, options.multiple);
  const core = Math.max(multiple, Math.floor((options.tile ?? 512) / multiple) * multiple);
  const halo = roundUp(Math.max(0, options.halo), multiple);
  if (width <= core + 2 * halo && height <= core + 2 * halo) {
    return tf.tidy(() => {
      const output = forward(tf.tensor4d(image.data, [1, height, width, channels]));
      return { width, height, channels: output.shape[3], data: output.dataSync() as Float32Array };
    });
  }
  let out: Float32Array | undefined;
  let outChannels = 0;
  for (let top = 0; top < height; top += core) {
    for (let left = 0; left < width; left += core) {
      const y0 = Math.max(0, top - halo);
      const x0 = Math.max(0, left - halo);
      const y1 = Math.min(height, top + core + halo);
      const x1 = Math.min(width, left + core + halo);
      const tileWidth = x1 - x0;
      const tileData = new Float32Array((y1 - y0) * tileWidth * channels);
      for (let y = y0; y < y1; y++) tileData.set(image.data.subarray((y * width + x0) * channels, (y * width + x1) * channels), (y - y0) * tileWidth * channels);
      const tileOut = tf.tidy(() => forward(tf.tensor4d(tileData, [1, y1 - y0, tileWidth, channels])));
      const values = tileOut.dataSync() as Float32Array;
      outChannels = tileOut.shape[3];
      tileOut.dispose();
      out ??= new Float32Array(width * height * outChannels);
      const rows = Math.min(core, height - top);
      const cols = Math.min(core, width - left);
      for (let y = 0; y < rows; y++) {
        const from = ((top - y0 + y) * tileWidth + (left - x0)) * outChannels;
        out.set(values.subarray(from, from + cols * outChannels), ((top + y) * width + left) * outChannels);
      }
    }
  }
  return { width, height, channels: outChannels, data: out! };
}
