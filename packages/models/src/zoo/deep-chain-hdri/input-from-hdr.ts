import { createHdrImage, luminance, median, srgbEncode, type HdrImage } from '@hdr-lab/core';

/** Candidate exposures 2^(j/4) / median luminance for j/4 in [-8, 8], as the 'deep-chain' synthesis searches. */
const SEARCH = { from: -8, to: 8, step: 0.25 } as const;
/** Evenness is judged on at most this many pixels (a regular grid), as the synthesis does. */
const MAX_JUDGED_PIXELS = 1 << 16;
/** BT.601 luma of the 8-bit codes: what a camera image's grey histogram shows. */
const LUMA = [0.299, 0.587, 0.114] as const;

function code(linear: number): number {
  return linear > 0 ? (linear < 1 ? Math.round(srgbEncode(linear) * 255) : 255) : 0;
}

function rgbAt(image: HdrImage, pixel: number): [number, number, number] {
  const { channels, data } = image;
  const base = pixel * channels;
  return channels === 1 ? [data[base]!, data[base]!, data[base]!] : [data[base]!, data[base + 1]!, data[base + 2]!];
}

/** Shannon entropy (bits) of the 256-bin luma histogram of the judged pixels exposed by `scale`. */
function entropy(pixels: readonly [number, number, number][], scale: number): number {
  const counts = new Float64Array(256);
  for (const [r, g, b] of pixels) counts[Math.round(LUMA[0] * code(r * scale) + LUMA[1] * code(g * scale) + LUMA[2] * code(b * scale))]++;
  let bits = 0;
  for (const count of counts) if (count > 0) bits -= (count / pixels.length) * Math.log2(count / pixels.length);
  return bits;
}

/**
 * The exposure scale whose clipped, sRGB-encoded, 8-bit image has the most even histogram (largest luma
 * entropy) among 2^(j/4) / median luminance, ties to the one nearest the median-normalising exposure:
 * [S003]'s middle exposure as the 'deep-chain' synthesis (ev-stack with its defaults) picks it.
 */
export function middleExposureScale(image: HdrImage): number {
  const medianLuminance = median(luminance(image));
  if (!(medianLuminance > 0)) throw new Error(`deep-chain-hdri: cannot expose an image whose median luminance is ${medianLuminance}`);
  const stride = Math.max(1, Math.ceil(Math.sqrt((image.width * image.height) / MAX_JUDGED_PIXELS)));
  const pixels: [number, number, number][] = [];
  for (let y = 0; y < image.height; y += stride) for (let x = 0; x < image.width; x += stride) pixels.push(rgbAt(image, y * image.width + x));
  let best = { scale: 1 / medianLuminance, entropy: -1, distance: Infinity };
  for (let j = 0; SEARCH.from + j * SEARCH.step <= SEARCH.to; j++) {
    const stops = SEARCH.from + j * SEARCH.step;
    const scale = Math.pow(2, stops) / medianLuminance;
    const bits = entropy(pixels, scale);
    if (bits > best.entropy || (bits === best.entropy && Math.abs(stops) < best.distance)) best = { scale, entropy: bits, distance: Math.abs(stops) };
  }
  return best.scale;
}

/**
 * The EV 0 exposure the 'deep-chain' synthesis makes from linear HDR: the most even exposure, clipped,
 * sRGB-encoded and quantised to 8 bits (values code / 255, RGB; grey is repeated, alpha dropped).
 */
export function middleExposure(image: HdrImage): HdrImage {
  const scale = middleExposureScale(image);
  const pixels = image.width * image.height;
  const out = new Float32Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    const rgb = rgbAt(image, p);
    for (let c = 0; c < 3; c++) out[p * 3 + c] = code(rgb[c]! * scale) / 255;
  }
  return createHdrImage(image.width, image.height, 3, out);
}
