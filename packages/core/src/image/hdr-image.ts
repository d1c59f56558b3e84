/** Number of interleaved channels: grey, RGB or RGBA. */
export type ChannelCount = 1 | 3 | 4;

/**
 * Linear, scene-referred image: float32 samples proportional to radiance, interleaved HWC
 * (pixel (x, y), channel c at `data[(y * width + x) * channels + c]`), rows top to bottom.
 */
export interface HdrImage {
  readonly width: number;
  readonly height: number;
  readonly channels: ChannelCount;
  readonly data: Float32Array;
}

export function isChannelCount(value: number): value is ChannelCount {
  return value === 1 || value === 3 || value === 4;
}

/** Creates an image, allocating zeroed storage when `data` is omitted; validates shape and length. */
export function createHdrImage(width: number, height: number, channels: ChannelCount, data?: Float32Array): HdrImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`image size must be positive integers, got ${width}x${height}`);
  }
  if (!isChannelCount(channels)) {
    throw new RangeError(`channels must be 1, 3 or 4, got ${String(channels)}`);
  }
  const length = width * height * channels;
  if (data && data.length !== length) {
    throw new RangeError(`data holds ${data.length} samples, expected ${width}x${height}x${channels} = ${length}`);
  }
  return { width, height, channels, data: data ?? new Float32Array(length) };
}
