import { roundHalfAway } from './round-half-away.js';

/** Range and scales of a bilateral-grid filter; the grid is sampled at one sigma in each dimension. */
export interface BilateralGridOptions {
  /** Bounds of the edge image's values; the grid spans them. */
  readonly edgeMin: number;
  readonly edgeMax: number;
  /** Spatial standard deviation, in pixels. */
  readonly sigmaSpatial: number;
  /** Range standard deviation, in edge-image units. */
  readonly sigmaRange: number;
}

/**
 * With the grid sampled at one sigma the Gaussian is 3 cells wide, and every dimension gets
 * floor(2 * 1) + 1 empty cells on both sides so the blur never reads past the grid.
 */
const PADDING = 3;

/** Five float64 arrays of this many cells take 1.3 GB; an 8K image at 16 px and 3/255 needs 12 million cells. */
const MAX_CELLS = 2 ** 25;

interface Grid {
  readonly rows: number;
  readonly cols: number;
  readonly depth: number;
  readonly data: Float64Array;
  readonly weights: Float64Array;
}

/**
 * Cross-bilateral filter of `data` guided by `edge` (both `width` x `height`, row-major) through the
 * bilateral grid of Chen, Paris and Durand 2007 ("Real-time edge-aware image processing with the
 * bilateral grid"), in the form HDR Toolbox's expansion operators use: box-splat with rounded cell
 * indices, a 3x3x3 Gaussian with zero padding, cells without weight read as 0, then trilinear slicing.
 * Keeping those details keeps parity with the published operators, including their darkening where
 * slicing mixes in empty cells. NaN data samples are skipped; edge values must lie in [edgeMin, edgeMax]
 * (rounding overshoot within the padding is accepted).
 */
export function bilateralGrid(data: Float64Array, edge: Float64Array, width: number, height: number, options: BilateralGridOptions): Float64Array {
  const { sigmaSpatial, sigmaRange } = options;
  if (!(sigmaSpatial > 0) || !(sigmaRange > 0)) throw new RangeError(`bilateral grid sigmas must be positive, got ${sigmaSpatial} and ${sigmaRange}`);
  const grid = splat(data, edge, width, height, options);
  const normalised = normalise(blur(grid), grid);
  return slice(normalised, grid, edge, width, height, options);
}

function splat(data: Float64Array, edge: Float64Array, width: number, height: number, options: BilateralGridOptions): Grid {
  const { edgeMin, edgeMax, sigmaSpatial, sigmaRange } = options;
  const rows = Math.floor((height - 1) / sigmaSpatial) + 1 + 2 * PADDING;
  const cols = Math.floor((width - 1) / sigmaSpatial) + 1 + 2 * PADDING;
  const depth = Math.floor((edgeMax - edgeMin) / sigmaRange) + 1 + 2 * PADDING;
  if (rows * cols * depth > MAX_CELLS) {
    throw new RangeError(`a ${rows}x${cols}x${depth} bilateral grid is too large; raise sigmaSpatial or sigmaRange`);
  }
  const grid: Grid = { rows, cols, depth, data: new Float64Array(rows * cols * depth), weights: new Float64Array(rows * cols * depth) };
  for (let y = 0; y < height; y++) {
    const i = roundHalfAway(y / sigmaSpatial) + PADDING;
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const offset = (edge[p]! - edgeMin) / sigmaRange;
      if (!(offset >= -PADDING && offset + PADDING < depth - 1)) {
        throw new RangeError(`edge value ${edge[p]} at x=${x}, y=${y} is outside [${edgeMin}, ${edgeMax}]`);
      }
      const k = roundHalfAway(offset) + PADDING;
      if (Number.isNaN(data[p]!)) continue;
      const cell = (i * cols + roundHalfAway(x / sigmaSpatial) + PADDING) * depth + k;
      grid.data[cell] += data[p]!;
      grid.weights[cell] += 1;
    }
  }
  return grid;
}

/** Gaussian taps exp(-r^2 / 2) at squared distances 0 to 3 cells. */
const TAPS = [0, 1, 2, 3].map((r2) => Math.exp(-0.5 * r2));

/** Same-size 3x3x3 Gaussian convolution of data and weights, zero outside the grid. */
function blur(grid: Grid): { data: Float64Array; weights: Float64Array } {
  const { rows, cols, depth } = grid;
  const data = new Float64Array(grid.data.length);
  const weights = new Float64Array(grid.weights.length);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      for (let k = 0; k < depth; k++) {
        let d = 0;
        let w = 0;
        for (let a = Math.max(0, i - 1); a <= Math.min(rows - 1, i + 1); a++) {
          for (let b = Math.max(0, j - 1); b <= Math.min(cols - 1, j + 1); b++) {
            const base = (a * cols + b) * depth;
            const planar = (a - i) * (a - i) + (b - j) * (b - j);
            for (let c = Math.max(0, k - 1); c <= Math.min(depth - 1, k + 1); c++) {
              const tap = TAPS[planar + (c - k) * (c - k)]!;
              d += tap * grid.data[base + c]!;
              w += tap * grid.weights[base + c]!;
            }
          }
        }
        const cell = (i * cols + j) * depth + k;
        data[cell] = d;
        weights[cell] = w;
      }
    }
  }
  return { data, weights };
}

function normalise(blurred: { data: Float64Array; weights: Float64Array }, grid: Grid): Float64Array {
  const out = new Float64Array(grid.data.length);
  for (let i = 0; i < out.length; i++) {
    const w = blurred.weights[i]!;
    out[i] = w === 0 ? 0 : blurred.data[i]! / w;
  }
  return out;
}

/**
 * Trilinear interpolation at each pixel's unrounded grid position. Positions are formed in 1-based
 * coordinates and the eight corners summed in the order Octave's interpn uses, so that the rounding
 * matches the reference to the last bits where it can.
 */
function slice(values: Float64Array, grid: Grid, edge: Float64Array, width: number, height: number, options: BilateralGridOptions): Float64Array {
  const { cols, depth } = grid;
  const { edgeMin, sigmaSpatial, sigmaRange } = options;
  const out = new Float64Array(width * height);
  const weight = new Float64Array(6);
  const base = new Int32Array(3);
  const stride = [cols * depth, depth, 1];
  const locate = (dimension: number, position: number) => {
    const cell = Math.floor(position);
    base[dimension] = cell - 1;
    weight[2 * dimension + 1] = position - cell;
    weight[2 * dimension] = 1 - weight[2 * dimension + 1]!;
  };
  for (let y = 0; y < height; y++) {
    locate(0, y / sigmaSpatial + PADDING + 1);
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      locate(1, x / sigmaSpatial + PADDING + 1);
      locate(2, (edge[p]! - edgeMin) / sigmaRange + PADDING + 1);
      let sum = 0;
      for (let corner = 0; corner < 8; corner++) {
        let c = 1;
        let cell = 0;
        for (let d = 0; d < 3; d++) {
          const bit = (corner >> d) & 1;
          cell += stride[d]! * (base[d]! + bit);
          c *= weight[2 * d + bit]!;
        }
        sum += c * values[cell]!;
      }
      out[p] = sum;
    }
  }
  return out;
}
