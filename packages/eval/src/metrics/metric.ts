import { resolveParams, type HdrImage, type ParamSpecs, type ParamValues } from '@hdr-lab/core';

/** A score and what qualifies it: e.g. `identical` for an infinite PSNR, `capped` when a cap replaced it. */
export interface MetricValue {
  readonly value: number;
  readonly flags: readonly string[];
}

/**
 * A full-reference metric as the registry holds it. `version` changes whenever the numbers it produces
 * change, so every stored score can say exactly how it was computed.
 */
export interface Metric<S extends ParamSpecs = ParamSpecs> {
  readonly id: string;
  readonly version: string;
  readonly describe: string;
  readonly params: S;
  compute(reference: HdrImage, test: HdrImage, params: ParamValues<S>): MetricValue;
}

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
