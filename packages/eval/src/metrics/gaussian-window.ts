/** The normalised 1-D Gaussian whose outer product is SSIM's circularly symmetric window. */
export function gaussianTaps(size: number, sigma: number): Float64Array {
  const taps = new Float64Array(size);
  const centre = (size - 1) / 2;
  let sum = 0;
  for (let i = 0; i < size; i++) {
    taps[i] = Math.exp(-((i - centre) ** 2) / (2 * sigma * sigma));
    sum += taps[i]!;
  }
  for (let i = 0; i < size; i++) taps[i]! /= sum;
  return taps;
}

export interface WindowedMoments {
  readonly width: number;
  readonly height: number;
  /** Weighted means of x, y, x^2, y^2 and x*y at every position where the window fits (the "valid" region). */
  readonly meanX: Float64Array;
  readonly meanY: Float64Array;
  readonly meanXX: Float64Array;
  readonly meanYY: Float64Array;
  readonly meanXY: Float64Array;
}

/**
 * Local moments under a separable window, valid region only: a horizontal pass into five row buffers,
 * then a vertical pass. Float64 throughout, as the variance terms subtract nearly equal numbers.
 */
export function windowedMoments(x: Float64Array, y: Float64Array, width: number, height: number, taps: Float64Array): WindowedMoments {
  const size = taps.length;
  const outWidth = width - size + 1;
  const outHeight = height - size + 1;
  const rowX = new Float64Array(height * outWidth);
  const rowY = new Float64Array(height * outWidth);
  const rowXX = new Float64Array(height * outWidth);
  const rowYY = new Float64Array(height * outWidth);
  const rowXY = new Float64Array(height * outWidth);
  for (let r = 0; r < height; r++) {
    const base = r * width;
    for (let c = 0; c < outWidth; c++) {
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let k = 0; k < size; k++) {
        const w = taps[k]!;
        const a = x[base + c + k]!;
        const b = y[base + c + k]!;
        sx += w * a;
        sy += w * b;
        sxx += w * a * a;
        syy += w * b * b;
        sxy += w * a * b;
      }
      const o = r * outWidth + c;
      rowX[o] = sx;
      rowY[o] = sy;
      rowXX[o] = sxx;
      rowYY[o] = syy;
      rowXY[o] = sxy;
    }
  }
  const sources = [rowX, rowY, rowXX, rowYY, rowXY];
  const [meanX, meanY, meanXX, meanYY, meanXY] = sources.map((source) => {
    const out = new Float64Array(outHeight * outWidth);
    for (let r = 0; r < outHeight; r++) {
      for (let c = 0; c < outWidth; c++) {
        let sum = 0;
        for (let k = 0; k < size; k++) sum += taps[k]! * source[(r + k) * outWidth + c]!;
        out[r * outWidth + c] = sum;
      }
    }
    return out;
  }) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  return { width: outWidth, height: outHeight, meanX, meanY, meanXX, meanYY, meanXY };
}
