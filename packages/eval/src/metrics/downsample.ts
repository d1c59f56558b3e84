import type { Plane } from './planes.js';

/** Mirror index as MATLAB's 'symmetric' padding: the edge sample is repeated, -1 -> 0, n -> n - 1. */
function mirror(index: number, size: number): number {
  const period = 2 * size;
  const wrapped = ((index % period) + period) % period;
  return wrapped < size ? wrapped : period - 1 - wrapped;
}

/**
 * `imfilter(x, ones(f)/f^2, 'symmetric', 'same')` followed by `x(1:f:end, 1:f:end)`: the box filter's
 * origin is MATLAB's floor((f + 1) / 2), so an even box reaches one sample further forward than back.
 * Used by Wang's 2009 ssim.m (factor round(min side / 256)) and, with f = 2, between MS-SSIM scales.
 */
export function boxDownsample(plane: Plane, factor: number): Plane {
  const before = Math.floor((factor + 1) / 2) - 1;
  const width = Math.ceil(plane.width / factor);
  const height = Math.ceil(plane.height / factor);
  const { data: source, stride, offset } = plane;
  const rows = new Float64Array(plane.height * width);
  for (let r = 0; r < plane.height; r++) {
    for (let c = 0; c < width; c++) {
      let sum = 0;
      for (let k = 0; k < factor; k++) sum += source[(r * plane.width + mirror(c * factor - before + k, plane.width)) * stride + offset]!;
      rows[r * width + c] = sum;
    }
  }
  const data = new Float32Array(height * width);
  const scale = 1 / (factor * factor);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let sum = 0;
      for (let k = 0; k < factor; k++) sum += rows[mirror(r * factor - before + k, plane.height) * width + c]!;
      data[r * width + c] = sum * scale;
    }
  }
  return { width, height, data, stride: 1, offset: 0 };
}

/**
 * The other MS-SSIM downsampling in circulation: a 'valid' 2x2 mean, then samples 1:2:n-1, which gives
 * floor(n / 2) samples per side.
 */
export function validDownsample2(plane: Plane): Plane {
  const width = Math.floor(plane.width / 2);
  const height = Math.floor(plane.height / 2);
  const { data: source, stride, offset } = plane;
  const sample = (index: number) => source[index * stride + offset]!;
  const data = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const top = 2 * r * plane.width + 2 * c;
      const bottom = top + plane.width;
      data[r * width + c] = 0.25 * (sample(top) + sample(top + 1) + sample(bottom) + sample(bottom + 1));
    }
  }
  return { width, height, data, stride: 1, offset: 0 };
}
