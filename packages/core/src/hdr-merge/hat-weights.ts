/** Number of 8-bit code values: the length of every response curve. */
export const LEVELS = 256;

/** The code fixed at g = 0 (OpenCV's LDR_SIZE / 2), so curves are comparable across channels and tools. */
export const MID_LEVEL = LEVELS / 2;

/**
 * OpenCV's triangleWeights (4.6): w(z) = z + 1 below 128, 256 - z from 128 up, so w(0) = w(255) = 1. The
 * ends are never weighted 0, which keeps every pixel's weight sum positive in the merge: a pixel clipped
 * (or black) in every exposure still gets a radiance, the mean of g(z) - ln t over the stack.
 */
export const HAT_WEIGHTS: Float64Array = (() => {
  const weights = new Float64Array(LEVELS);
  for (let z = 0; z < LEVELS; z++) weights[z] = z < MID_LEVEL ? z + 1 : LEVELS - z;
  return weights;
})();
