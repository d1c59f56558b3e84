/**
 * MATLAB-style percentile of HDR Toolbox and Luminance HDR: the sorted value at 1-based index
 * round(N * p), at least 1 (no interpolation, unlike NumPy's default).
 */
export function sortedIndexPercentile(sorted: Float32Array | Float64Array, p: number): number {
  const index = Math.min(sorted.length, Math.max(1, Math.round(sorted.length * p)));
  return sorted[index - 1]!;
}
