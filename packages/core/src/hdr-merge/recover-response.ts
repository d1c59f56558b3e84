import type { CameraResponse } from './camera-response.js';
import { HdrMergeError } from './errors.js';
import { toCodeStack, type CodeStack, type ExposureStack } from './exposure-stack.js';
import { HAT_WEIGHTS, LEVELS, MID_LEVEL } from './hat-weights.js';
import { solveLeastSquares } from './least-squares.js';
import { gridPoints, randomPoints, type SamplePoint, type SamplingMode } from './sample-points.js';

/** Options of recoverResponse; the defaults are OpenCV's createCalibrateDebevec() defaults. */
export interface RecoverResponseOptions {
  /** Pixel positions sampled (a grid may hold slightly fewer); default 70. */
  readonly samples?: number;
  /** Weight of the smoothness rows; default 10. */
  readonly lambda?: number;
  /** 'grid' (default) or 'random' (glibc rand() after srand(seed), as OpenCV 4.6 on Linux). */
  readonly sampling?: SamplingMode;
  /** Seed of the random sampling; default 1, glibc's state when srand was never called. */
  readonly seed?: number;
}

/** The smoothness rows after the data rows: g(z-1) - 2g(z) + g(z+1) for z = 1..254, plus g(128) = 0. */
const EXTRA_ROWS = LEVELS - 1;

/**
 * Rows of the reduced system for one channel. Each sample's ln E_i appears only in its own rows
 * w_j (g(z_j) - ln E_i) = w_j ln t_j, so it is eliminated exactly by projecting those rows onto the
 * complement of the weight vector u = w / |w| (an orthogonal projection keeps the least-squares problem
 * for g unchanged); the system left is dense with 256 columns whatever the number of samples.
 */
function channelSystem(stack: CodeStack, points: readonly SamplePoint[], channel: number, lambda: number) {
  const exposures = stack.codes.length;
  const rows = points.length * exposures + EXTRA_ROWS;
  const a = new Float64Array(rows * LEVELS);
  const b = new Float64Array(rows);
  const codes = new Int32Array(exposures);
  const unit = new Float64Array(exposures);
  let row = 0;
  for (const { x, y } of points) {
    const offset = (y * stack.width + x) * stack.channels + channel;
    let norm = 0;
    for (let j = 0; j < exposures; j++) {
      codes[j] = stack.codes[j]![offset]!;
      norm += HAT_WEIGHTS[codes[j]!]! ** 2;
    }
    norm = Math.sqrt(norm);
    let projectedRhs = 0;
    for (let j = 0; j < exposures; j++) {
      unit[j] = HAT_WEIGHTS[codes[j]!]! / norm;
      projectedRhs += unit[j]! * HAT_WEIGHTS[codes[j]!]! * stack.logTimes[j]!;
    }
    for (let j = 0; j < exposures; j++, row++) {
      const weight = HAT_WEIGHTS[codes[j]!]!;
      a[codes[j]! * rows + row] += weight;
      for (let k = 0; k < exposures; k++) a[codes[k]! * rows + row] -= unit[j]! * unit[k]! * HAT_WEIGHTS[codes[k]!]!;
      b[row] = weight * stack.logTimes[j]! - unit[j]! * projectedRhs;
    }
  }
  a[MID_LEVEL * rows + row] = 1;
  row++;
  for (let z = 1; z < LEVELS - 1; z++, row++) {
    const weight = lambda * HAT_WEIGHTS[z]!;
    a[(z - 1) * rows + row] = weight;
    a[z * rows + row] = -2 * weight;
    a[(z + 1) * rows + row] = weight;
  }
  return { a, b, rows };
}

function checkOptions(options: RecoverResponseOptions): Required<RecoverResponseOptions> {
  const { samples = 70, lambda = 10, sampling = 'grid', seed = 1 } = options;
  if (!Number.isInteger(samples) || samples < 1) {
    throw new HdrMergeError(`samples must be a positive integer, got ${samples}`);
  }
  if (!Number.isFinite(lambda) || lambda <= 0) {
    throw new HdrMergeError(`lambda must be a finite positive number, got ${lambda}`);
  }
  if (sampling !== 'grid' && sampling !== 'random') {
    throw new HdrMergeError(`sampling must be 'grid' or 'random', got ${String(sampling)}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 2147483647) {
    throw new HdrMergeError(`seed must be an integer in [0, 2147483647] (a C unsigned srand seed), got ${seed}`);
  }
  return { samples, lambda, sampling, seed };
}

/**
 * Debevec & Malik (1997) gsolve per channel, with OpenCV 4.6's choices: its sample positions, hat weights
 * (hat-weights.ts), smoothness rows lambda * w(z) * (g(z-1) - 2g(z) + g(z+1)) for z = 1..254 and
 * g(128) = 0. Solved in float64 by QR (OpenCV: float32 SVD of the full system; the solutions agree to
 * the float32 solver's accuracy).
 */
export function recoverResponse(stack: ExposureStack, options: RecoverResponseOptions = {}): CameraResponse {
  const codeStack = toCodeStack(stack);
  const { samples, lambda, sampling, seed } = checkOptions(options);
  const { width, height } = codeStack;
  const points = sampling === 'grid' ? gridPoints(samples, width, height) : randomPoints(samples, width, height, seed);
  const channels: Float64Array[] = [];
  for (let channel = 0; channel < codeStack.channels; channel++) {
    const { a, b, rows } = channelSystem(codeStack, points, channel, lambda);
    try {
      channels.push(solveLeastSquares(a, rows, LEVELS, b));
    } catch (error) {
      if (!(error instanceof HdrMergeError)) throw error;
      throw new HdrMergeError(
        `channel ${channel}: the ${points.length} sampled pixels do not change between exposures, so the curve's slope is undetermined; use more samples or a bracket with a wider spread of times`,
      );
    }
  }
  return { domain: 'log', channels, samplePoints: points };
}
