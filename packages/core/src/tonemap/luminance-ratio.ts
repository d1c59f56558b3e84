import { createHdrImage, type HdrImage } from '../image/hdr-image.js';

/**
 * Colour by luminance ratio, C_out = C_in * Ld / Y (saturation 1, as pfstmo, HDR Toolbox and Luminance HDR):
 * the operators compress luminance only. Pixels with zero or non-finite ratio become 0, as HDR Toolbox does.
 * Alpha is carried over unchanged.
 */
export function applyLuminanceRatio(image: HdrImage, luminance: Float32Array, displayLuminance: Float64Array | Float32Array): HdrImage {
  const { width, height, channels, data } = image;
  const out = createHdrImage(width, height, channels);
  const colour = channels === 4 ? 3 : channels;
  for (let p = 0, i = 0; p < luminance.length; p++, i += channels) {
    const ratio = displayLuminance[p]! / luminance[p]!;
    const scale = Number.isFinite(ratio) ? ratio : 0;
    for (let c = 0; c < colour; c++) out.data[i + c] = data[i + c]! * scale;
    if (channels === 4) out.data[i + 3] = data[i + 3]!;
  }
  return out;
}
