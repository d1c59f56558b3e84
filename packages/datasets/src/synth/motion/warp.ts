import { createHdrImage, type HdrImage } from '@hdr-lab/core';

/**
 * Maps an output pixel position to the source position it shows: (u, v) = (a x + b y + c, d x + e y + f),
 * in continuous coordinates where pixel (i, j) covers [i, i + 1) x [j, j + 1), so its centre is (i + 0.5, j + 0.5).
 */
export interface Affine {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly e: number;
  readonly f: number;
}

export const IDENTITY_AFFINE: Affine = { a: 1, b: 0, c: 0, d: 0, e: 1, f: 0 };

/**
 * A small camera movement about the image centre: rotation by `rotation` radians, zoom by `scale`, then a
 * shift by (shiftX, shiftY) pixels, as the source position each output pixel sees.
 */
export function cameraMotion(width: number, height: number, motion: { shiftX: number; shiftY: number; rotation: number; scale: number }): Affine {
  const cx = width / 2;
  const cy = height / 2;
  const cos = Math.cos(motion.rotation) * motion.scale;
  const sin = Math.sin(motion.rotation) * motion.scale;
  return {
    a: cos,
    b: -sin,
    c: cx - cos * cx + sin * cy + motion.shiftX,
    d: sin,
    e: cos,
    f: cy - sin * cx - cos * cy + motion.shiftY,
  };
}

export interface Warped {
  readonly image: HdrImage;
  /**
   * 1 where the output pixel was interpolated from source pixels inside the image, none of those with a
   * non-zero weight marked in `blocked`; 0 where the sample fell outside (the nearest edge pixels were used)
   * or drew on a `blocked` pixel.
   */
  readonly valid: Uint8Array;
}

/** Bilinear resampling of `image` through `affine`; the identity reproduces the image bit for bit. */
export function warpBilinear(image: HdrImage, affine: Affine, blocked?: Uint8Array): Warped {
  const { width, height, channels, data } = image;
  const out = new Float32Array(data.length);
  const valid = new Uint8Array(width * height);
  const { a, b, c, d, e, f } = affine;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = a * (x + 0.5) + b * (y + 0.5) + c - 0.5;
      const v = d * (x + 0.5) + e * (y + 0.5) + f - 0.5;
      const inside = u >= 0 && u <= width - 1 && v >= 0 && v <= height - 1;
      const uc = u < 0 ? 0 : u > width - 1 ? width - 1 : u;
      const vc = v < 0 ? 0 : v > height - 1 ? height - 1 : v;
      const x0 = Math.floor(uc);
      const y0 = Math.floor(vc);
      const x1 = x0 < width - 1 ? x0 + 1 : x0;
      const y1 = y0 < height - 1 ? y0 + 1 : y0;
      const fx = uc - x0;
      const fy = vc - y0;
      const p00 = y0 * width + x0;
      const p01 = y0 * width + x1;
      const p10 = y1 * width + x0;
      const p11 = y1 * width + x1;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const touched =
        blocked !== undefined &&
        ((w00 > 0 && blocked[p00] !== 0) || (w01 > 0 && blocked[p01] !== 0) || (w10 > 0 && blocked[p10] !== 0) || (w11 > 0 && blocked[p11] !== 0));
      valid[y * width + x] = inside && !touched ? 1 : 0;
      const o = (y * width + x) * channels;
      for (let ch = 0; ch < channels; ch++) {
        out[o + ch] =
          w00 * data[p00 * channels + ch] + w01 * data[p01 * channels + ch] + w10 * data[p10 * channels + ch] + w11 * data[p11 * channels + ch];
      }
    }
  }
  return { image: createHdrImage(width, height, channels, out), valid };
}
