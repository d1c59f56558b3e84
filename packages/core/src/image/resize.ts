import type { HdrImage } from './hdr-image.js';

export type ResizeMethod = 'area' | 'bilinear';

export interface ResizeOptions {
  /**
   * - `area`: each output pixel is the average of the source area it covers, weighted by exact overlap
   *   (any ratio, not only integer factors). For downscaling this is OpenCV's INTER_AREA, and for upscaling
   *   in both axes it also equals INTER_AREA (a box overlap of at most two source pixels per axis); when one
   *   axis grows and the other shrinks it stays a true box average, where OpenCV switches to a 2-tap filter.
   * - `bilinear`: OpenCV's INTER_LINEAR: pixel centres at half-integers, two taps per axis, edge pixels
   *   replicated. It does not prefilter, so strong downscaling aliases.
   *
   * Default: `area` when neither axis grows, otherwise `bilinear`.
   */
  method?: ResizeMethod;
}

/**
 * Sparse 1-D resampling matrix: output index i reads taps `start[i]` to `start[i + 1] - 1`, each a source
 * index (already multiplied by the channel count) and its weight. Weights of each output sum to 1.
 */
interface AxisWeights {
  readonly start: Int32Array;
  readonly source: Int32Array;
  readonly weight: Float64Array;
}

/**
 * Exact box-overlap weights, in integer arithmetic: with positions measured in units of 1 / (src * dst),
 * source pixel j spans [j * dst, (j + 1) * dst) and output pixel i spans [i * src, (i + 1) * src), so every
 * overlap is an integer and no threshold is needed to drop slivers.
 */
function areaWeights(srcSize: number, dstSize: number, stride: number): AxisWeights {
  const start = new Int32Array(dstSize + 1);
  const capacity = dstSize * (Math.ceil(srcSize / dstSize) + 2);
  const source = new Int32Array(capacity);
  const weight = new Float64Array(capacity);
  let k = 0;
  for (let i = 0; i < dstSize; i++) {
    start[i] = k;
    const begin = i * srcSize;
    const end = begin + srcSize;
    for (let j = Math.floor(begin / dstSize); j * dstSize < end; j++) {
      const overlap = Math.min(end, (j + 1) * dstSize) - Math.max(begin, j * dstSize);
      if (overlap <= 0) continue;
      source[k] = j * stride;
      weight[k] = overlap / srcSize;
      k++;
    }
  }
  start[dstSize] = k;
  return { start, source: source.subarray(0, k), weight: weight.subarray(0, k) };
}

/**
 * INTER_LINEAR weights. The sample position is rounded to float32 and the scale taken as 1 / (dst / src),
 * as OpenCV computes them, so taps and fractions agree with it to the last bit; zero-weight taps are
 * dropped so a NaN or infinity never leaks into a neighbour that does not depend on it.
 */
function bilinearWeights(srcSize: number, dstSize: number, stride: number): AxisWeights {
  const scale = 1 / (dstSize / srcSize);
  const start = new Int32Array(dstSize + 1);
  const source = new Int32Array(dstSize * 2);
  const weight = new Float64Array(dstSize * 2);
  let k = 0;
  for (let i = 0; i < dstSize; i++) {
    start[i] = k;
    const position = Math.fround((i + 0.5) * scale - 0.5);
    let left = Math.floor(position);
    let fraction = Math.fround(position - left);
    if (left < 0) {
      left = 0;
      fraction = 0;
    } else if (left >= srcSize - 1) {
      left = srcSize - 1;
      fraction = 0;
    }
    const leftWeight = Math.fround(1 - fraction);
    if (leftWeight !== 0) {
      source[k] = left * stride;
      weight[k++] = leftWeight;
    }
    if (fraction !== 0) {
      source[k] = (left + 1) * stride;
      weight[k++] = fraction;
    }
  }
  start[dstSize] = k;
  return { start, source: source.subarray(0, k), weight: weight.subarray(0, k) };
}

function checkSize(value: number, name: string): void {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

/**
 * Resamples to `width` x `height`; every channel, alpha included, is filtered alike (no premultiplication,
 * as OpenCV). Separable: a horizontal pass over each source row into a float32 buffer, then each output row
 * accumulates the weighted buffer rows it needs, in float64. Returns a new image of the same kind.
 */
export function resize<T extends HdrImage>(image: T, width: number, height: number, options: ResizeOptions = {}): T {
  checkSize(width, 'width');
  checkSize(height, 'height');
  const method = options.method ?? (width <= image.width && height <= image.height ? 'area' : 'bilinear');
  if (method !== 'area' && method !== 'bilinear') {
    throw new RangeError(`method must be 'area' or 'bilinear', got ${String(method)}`);
  }
  const { channels, data } = image;
  if (width === image.width && height === image.height) return { ...image, data: data.slice() };
  const weightsFor = method === 'area' ? areaWeights : bilinearWeights;
  const horizontal = weightsFor(image.width, width, channels);
  const vertical = weightsFor(image.height, height, 1);
  const srcRow = image.width * channels;
  const dstRow = width * channels;

  const rows = new Float32Array(image.height * dstRow);
  const { start: hStart, source: hSource, weight: hWeight } = horizontal;
  for (let y = 0; y < image.height; y++) {
    const inBase = y * srcRow;
    let o = y * dstRow;
    for (let x = 0; x < width; x++) {
      const first = hStart[x];
      const last = hStart[x + 1];
      if (last - first === 2) {
        const w0 = hWeight[first];
        const w1 = hWeight[first + 1];
        const s0 = inBase + hSource[first];
        const s1 = inBase + hSource[first + 1];
        for (let c = 0; c < channels; c++) rows[o++] = w0 * data[s0 + c] + w1 * data[s1 + c];
        continue;
      }
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = first; k < last; k++) sum += hWeight[k] * data[inBase + hSource[k] + c];
        rows[o++] = sum;
      }
    }
  }

  const out = new Float32Array(height * dstRow);
  const accumulator = new Float64Array(dstRow);
  const { start: vStart, source: vSource, weight: vWeight } = vertical;
  for (let y = 0; y < height; y++) {
    const first = vStart[y];
    const last = vStart[y + 1];
    const w0 = vWeight[first];
    const base0 = vSource[first] * dstRow;
    const o = y * dstRow;
    if (last - first === 1) {
      for (let i = 0; i < dstRow; i++) out[o + i] = w0 * rows[base0 + i];
      continue;
    }
    if (last - first === 2) {
      // The common bilinear case: one expression per sample, rounded to float32 once, no accumulator.
      const w1 = vWeight[first + 1];
      const base1 = vSource[first + 1] * dstRow;
      for (let i = 0; i < dstRow; i++) out[o + i] = w0 * rows[base0 + i] + w1 * rows[base1 + i];
      continue;
    }
    for (let i = 0; i < dstRow; i++) accumulator[i] = w0 * rows[base0 + i];
    for (let k = first + 1; k < last; k++) {
      const w = vWeight[k];
      const base = vSource[k] * dstRow;
      for (let i = 0; i < dstRow; i++) accumulator[i] += w * rows[base + i];
    }
    out.set(accumulator, o);
  }
  return { ...image, width, height, data: out };
}
