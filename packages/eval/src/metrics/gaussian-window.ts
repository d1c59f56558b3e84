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
