import * as tf from '@tensorflow/tfjs';

/** The masked illumination/reflectance loss of the Japanese version of the hybrid-loss paper (HDR-CNN's own training loss). */
export interface IlluminationReflectanceOptions {
  /** Weight of the illumination term; the reflectance term gets 1 - lambda (HDR-CNN's lambda_ir, 0.5). */
  readonly lambda: number;
  /** Input level above which the saturation mask starts to rise (0.95). */
  readonly tau: number;
}

/** HDR-CNN's luminance weights; they sum to exactly 1, which the log-sum-exp below relies on. */
const LUMINANCE_WEIGHTS = [0.213, 0.715, 0.072] as const;

/** Side of HDR-CNN's illumination filter. */
export const ILLUMINATION_KERNEL_SIZE = 13;

/** Standard normal CDF through erf (Abramowitz-Stegun 7.1.26, |error| < 1.5e-7, ample for a renormalised kernel). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return 0.5 * (1 + Math.sign(x) * erf);
}

/**
 * HDR-CNN's illumination low-pass: 13 bins of the unit normal over [-2.19, 2.19] (two sigma plus half a bin),
 * the square root of their outer product, normalised to sum 1 — a Gaussian of sigma about 3.7 px cut at 13x13.
 * Row-major [13 x 13].
 */
export function illuminationKernel(): Float32Array {
  const size = ILLUMINATION_KERNEL_SIZE;
  const sigmas = 2;
  const interval = (2 * sigmas + 1) / size;
  const edges = Array.from({ length: size + 1 }, (_, i) => -sigmas - interval / 2 + (i * (2 * sigmas + interval)) / size);
  const bins = edges.slice(1).map((edge, i) => normalCdf(edge) - normalCdf(edges[i]!));
  const raw = new Float64Array(size * size);
  let sum = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      raw[y * size + x] = Math.sqrt(bins[y]! * bins[x]!);
      sum += raw[y * size + x]!;
    }
  }
  return Float32Array.from(raw, (value) => value / sum);
}

/** m_i = max(0, max_c x_ic - tau) / (1 - tau) from the input LDR: 0 below tau, 1 where a channel clips. [N, H, W, 1]. */
export function saturationMask(input: tf.Tensor4D, tau: number): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.relu(tf.sub(tf.max(input, -1, true), tau)), 1 - tau) as tf.Tensor4D);
}

/**
 * Splits a log image L = log(h + eps) into illumination I = G * log(lum(h) + eps) (zero-padded SAME filtering)
 * and reflectance R_c = L_c - I. Since the luminance weights sum to 1, lum(h) + eps = sum_c w_c exp(L_c), taken
 * as a log-sum-exp so neither a large nor a tiny prediction overflows.
 */
function illuminationReflectance(logImage: tf.Tensor4D, kernel: tf.Tensor4D): { illumination: tf.Tensor4D; reflectance: tf.Tensor4D } {
  const logWeights = tf.log(tf.tensor1d(LUMINANCE_WEIGHTS.slice()));
  const logLuminance = tf.logSumExp(tf.add(logImage, logWeights), -1, true) as tf.Tensor4D;
  const illumination = tf.conv2d(logLuminance, kernel, 1, 'same');
  return { illumination, reflectance: tf.sub(logImage, illumination) as tf.Tensor4D };
}

/**
 * L_IR = (lambda/N) sum_i (m_i dI_i)^2 + ((1 - lambda)/(3N)) sum_ic (m_i dR_ic)^2, averaged over the batch,
 * with the mask m from the input LDR ([S000] eq. 5-6; HDR-CNN computes the mask from the target instead).
 * Takes the log images log(· + eps) of prediction and target. It only supervises near-saturated pixels.
 */
export function illuminationReflectanceLoss(
  logPrediction: tf.Tensor4D,
  logTarget: tf.Tensor4D,
  input: tf.Tensor4D,
  { lambda, tau }: IlluminationReflectanceOptions,
): tf.Scalar {
  return tf.tidy(() => {
    const kernel = tf.tensor4d(illuminationKernel(), [ILLUMINATION_KERNEL_SIZE, ILLUMINATION_KERNEL_SIZE, 1, 1]);
    const mask = saturationMask(input, tau);
    const prediction = illuminationReflectance(logPrediction, kernel);
    const target = illuminationReflectance(logTarget, kernel);
    const illuminationTerm = tf.mean(tf.square(tf.mul(mask, tf.sub(prediction.illumination, target.illumination))));
    const reflectanceTerm = tf.mean(tf.square(tf.mul(mask, tf.sub(prediction.reflectance, target.reflectance))));
    return tf.add(tf.mul(lambda, illuminationTerm), tf.mul(1 - lambda, reflectanceTerm)) as tf.Scalar;
  });
}
