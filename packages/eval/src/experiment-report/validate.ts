import { ExperimentReportError } from './errors.js';
import type { ExperimentReportInput, VariantResult } from './types.js';

export const DEFAULT_EXPOSURES: readonly number[] = [-2, 0, 2];

/** Two scores under one image name could not be paired with a baseline's score on that image. */
function validatePerImage(variant: VariantResult, index: number): void {
  const images = new Set<string>();
  for (const entry of variant.perImage ?? []) {
    if (images.has(entry.image)) {
      throw new ExperimentReportError(`variants[${index}].perImage has image '${entry.image}' twice; give each test crop one entry under a unique name`);
    }
    images.add(entry.image);
  }
}

/**
 * Refuses input that would render a misleading report: two variants under one name (their rows and
 * predictions could not be told apart), a role other than variant or baseline, an image scored twice by
 * one variant, a metric that is higher-is-better for one variant and not for another (the bold "best"
 * would be wrong for one of them), predictions under a name that no variant has, and exposures that are
 * not finite numbers.
 */
export function validateReportInput(input: ExperimentReportInput): void {
  const names = new Set<string>();
  for (const [index, variant] of input.variants.entries()) {
    if (!variant.name) throw new ExperimentReportError(`variants[${index}].name is empty; give every variant a name such as 'rec_gan'`);
    if (names.has(variant.name)) {
      throw new ExperimentReportError(`variants[${index}].name '${variant.name}' is used twice; variant names must be unique`);
    }
    names.add(variant.name);
    if (variant.role !== undefined && variant.role !== 'variant' && variant.role !== 'baseline') {
      throw new ExperimentReportError(`variants[${index}].role is '${String(variant.role)}'; use 'variant', 'baseline' or leave it out`);
    }
    validatePerImage(variant, index);
  }
  const direction = new Map<string, { higherIsBetter: boolean; variant: string }>();
  for (const variant of input.variants) {
    for (const [metric, value] of Object.entries(variant.metrics)) {
      const seen = direction.get(metric);
      if (!seen) direction.set(metric, { higherIsBetter: value.higherIsBetter, variant: variant.name });
      else if (seen.higherIsBetter !== value.higherIsBetter) {
        throw new ExperimentReportError(
          `metric '${metric}' is higherIsBetter=${String(seen.higherIsBetter)} for variant '${seen.variant}' but ` +
            `${String(value.higherIsBetter)} for '${variant.name}'; one metric must rank the same way for every variant`,
        );
      }
    }
  }
  for (const [index, figure] of (input.figures ?? []).entries()) {
    for (const name of Object.keys(figure.predictions)) {
      if (!names.has(name)) {
        throw new ExperimentReportError(
          `figures[${index}] ('${figure.name}') has a prediction for '${name}', which is not a variant; ` +
            `key predictions by one of: ${[...names].join(', ')}`,
        );
      }
    }
  }
  if (input.exposures) {
    if (input.exposures.length === 0) throw new ExperimentReportError('exposures is empty; leave it out for the default [-2, 0, 2] or list stops');
    const bad = input.exposures.find((stops) => !Number.isFinite(stops));
    if (bad !== undefined) throw new ExperimentReportError(`exposures must be finite numbers of stops, got ${bad}`);
  }
}
