import { createHdrImage, type HdrImage } from '../image/hdr-image.js';

/**
 * Sets negative luminances to 0 in place and counts them. Real files hold a few, from colour conversions,
 * and a negative luminance has no logarithm: one turns a log-average into NaN and the image into black.
 */
export function clampNegativeLuminance(luminance: Float32Array): number {
  let count = 0;
  for (let i = 0; i < luminance.length; i++) {
    if (luminance[i]! < 0) {
      luminance[i] = 0;
      count++;
    }
  }
  return count;
}

/**
 * Colour by luminance ratio, C_out = C_in * Ld / Y (saturation 1, as pfstmo, HDR Toolbox and Luminance HDR):
 * the operators compress luminance only, so out-of-gamut colours (a negative channel, positive luminance)
 * keep their chroma, negative channel included, for the display encoding to clip. Pixels of zero luminance,
 * negative ones taken as 0 included, become 0, as HDR Toolbox does. Only those: a non-finite display
 * luminance elsewhere is a fault of the curve and is passed on, for the registry's output check to report,
 * never hidden as black. Alpha is carried over unchanged.
 */
export function applyLuminanceRatio(image: HdrImage, luminance: Float32Array, displayLuminance: Float64Array | Float32Array): HdrImage {
  const { width, height, channels, data } = image;
  const out = createHdrImage(width, height, channels);
  const colour = channels === 4 ? 3 : channels;
  for (let p = 0, i = 0; p < luminance.length; p++, i += channels) {
    const scale = luminance[p]! > 0 ? displayLuminance[p]! / luminance[p]! : 0;
    for (let c = 0; c < colour; c++) out.data[i + c] = data[i + c]! * scale;
    if (channels === 4) out.data[i + 3] = data[i + 3]!;
  }
  return out;
}
