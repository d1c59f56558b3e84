/**
 * Otsu's threshold of an 8-bit histogram as OpenCV's THRESH_OTSU computes it (double precision, classes
 * with less than float epsilon of the mass skipped, the first maximum kept): the level T that maximises the
 * between-class variance of {<= T} and {> T}. An image of one level gives 0.
 */
export function otsuThreshold(histogram: ArrayLike<number>): number {
  if (histogram.length !== 256) throw new Error(`otsuThreshold: needs a 256-bin histogram of 8-bit codes, got ${histogram.length} bins`);
  let total = 0;
  for (let i = 0; i < 256; i++) total += histogram[i]!;
  if (total <= 0) throw new Error('otsuThreshold: the histogram is empty; the image has no pixels');
  const scale = 1 / total;
  let mean = 0;
  for (let i = 0; i < 256; i++) mean += i * histogram[i]!;
  mean *= scale;
  const floatEpsilon = 2 ** -23;
  let q1 = 0;
  let mean1 = 0;
  let bestSigma = 0;
  let best = 0;
  for (let i = 0; i < 256; i++) {
    const p = histogram[i]! * scale;
    mean1 *= q1;
    q1 += p;
    const q2 = 1 - q1;
    if (Math.min(q1, q2) < floatEpsilon || Math.max(q1, q2) > 1 - floatEpsilon) continue;
    mean1 = (mean1 + i * p) / q1;
    const mean2 = (mean - q1 * mean1) / q2;
    const sigma = q1 * q2 * (mean1 - mean2) ** 2;
    if (sigma > bestSigma) {
      bestSigma = sigma;
      best = i;
    }
  }
  return best;
}

/**
 * BT.601 luma of 8-bit RGB codes as OpenCV's COLOR_RGB2YUV computes it: 14-bit fixed-point weights
 * 0.299, 0.587, 0.114, rounded.
 */
export function lumaCode(red: number, green: number, blue: number): number {
  return (red * 4899 + green * 9617 + blue * 1868 + (1 << 13)) >> 14;
}

/** 8-bit luma codes of an RGB image in [0, 1] (values code / 255), one per pixel. */
export function lumaCodes(rgb: Float32Array): Uint8Array {
  const pixels = rgb.length / 3;
  const codes = new Uint8Array(pixels);
  const code = (value: number) => Math.min(255, Math.max(0, Math.round(value * 255)));
  for (let p = 0; p < pixels; p++) codes[p] = lumaCode(code(rgb[p * 3]!), code(rgb[p * 3 + 1]!), code(rgb[p * 3 + 2]!));
  return codes;
}

export function histogram256(codes: Uint8Array): Uint32Array {
  const counts = new Uint32Array(256);
  for (const code of codes) counts[code]!++;
  return counts;
}
