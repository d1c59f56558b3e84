import { resolveParams, type HdrImage, type ParamSpecs, type ParamValues } from '@hdr-lab/core';

/** A score and what qualifies it: e.g. `identical` for an infinite PSNR, `capped` when a cap replaced it. */
export interface MetricValue {
  readonly value: number;
  readonly flags: readonly string[];
}

/**
 * A full-reference metric as the registry holds it. `version` changes whenever the numbers it produces
 * change, so every stored score can say exactly how it was computed.
 *
 * Through `evaluateMetric`, `compute` only sees finite samples: NaN and infinities in either image are
 * refused with a NonFiniteSampleError naming the image, the count and the first position. For those it
 * must return a finite score, or a non-finite one with a flag that says why (`identical` only for images
 * that are really equal), never a perfect score made up by a non-finite intermediate. Each metric's doc
 * comment says what it does with negatives, zeros and extremes.
 */
export interface Metric<S extends ParamSpecs = ParamSpecs> {
  readonly id: string;
  readonly version: string;
  readonly describe: string;
  /** The direction of a better score: true for PSNR and SSIM alike; false for error measures. */
  readonly higherIsBetter: boolean;
  readonly params: S;
  compute(reference: HdrImage, test: HdrImage, params: ParamValues<S>): MetricValue;
  /**
   * Damages the metric does not see by design with these parameters, where a damaged copy may score as
   * well as an identical one (never better). Absent when it sees every damage.
   */
  blindSpots?(params: ParamValues<S>): readonly MetricBlindSpot[];
}

/**
 * `global-exposure`: each image is normalised on its own (tone mapping fitted per image), so a copy off by
 * a constant factor maps to nearly, and on a flat-luminance image exactly, the same display values.
 */
export type MetricBlindSpot = 'global-exposure';

export function defineMetric<S extends ParamSpecs>(metric: Metric<S>): Metric<S> {
  return metric;
}

/** A metric's parameters with defaults filled in: how composite scores call their base metrics. */
export function metricParams<S extends ParamSpecs>(metric: Metric<S>, given: Readonly<Record<string, unknown>> = {}): ParamValues<S> {
  return resolveParams({ kind: 'metrics', id: metric.id }, metric.params, given);
}

/** Raised when the two images cannot be compared; names both shapes. */
export class MetricInputError extends Error {
  override readonly name = 'MetricInputError';
}

export function checkComparable(reference: HdrImage, test: HdrImage): void {
  if (reference.width !== test.width || reference.height !== test.height || reference.channels !== test.channels) {
    throw new MetricInputError(
      `images differ in shape: reference ${reference.width}x${reference.height}x${reference.channels}, ` +
        `test ${test.width}x${test.height}x${test.channels}`,
    );
  }
}

/** Colour channels compared by the metrics: alpha, when present, is not image content. */
export function colourChannels(image: HdrImage): 1 | 3 {
  return image.channels === 4 ? 3 : image.channels;
}

/** Largest colour sample: the peak of PSNR-L and the divisor of gtMax normalisation. */
export function colourMaximum(image: HdrImage): number {
  const colour = colourChannels(image);
  let max = -Infinity;
  for (let i = 0; i < image.data.length; i++) if (i % image.channels < colour && image.data[i]! > max) max = image.data[i]!;
  return max;
}

/**
 * A scale taken from the reference (its maximum, a percentile) that the metric divides by or uses as its
 * peak: a black or all-negative reference has none, and dividing by it would only produce NaN or infinity.
 */
export function referenceScale(value: number, what: string): number {
  if (!(value > 0 && Number.isFinite(value))) {
    throw new MetricInputError(`the reference's ${what} is ${value}: no positive scale to normalise by`);
  }
  return value;
}

/** Whether the colour samples of two images of one shape are equal: what `identical` means. */
export function sameColour(reference: HdrImage, test: HdrImage): boolean {
  const colour = colourChannels(reference);
  const { data: a, channels } = reference;
  const b = test.data;
  for (let i = 0; i < a.length; i++) if (i % channels < colour && a[i] !== b[i]) return false;
  return true;
}

/** A transform's flags for one of the two images, prefixed with which: `test:negative-clamped:12`. */
export function imageFlags(image: 'reference' | 'test', flags: readonly string[]): string[] {
  return flags.map((flag) => `${image}:${flag}`);
}
