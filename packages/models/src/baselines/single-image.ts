import { createHdrImage, expand, expansionOperator, EXPANSION_OPERATOR_IDS, scaleRadiance, srgbDecodeArray, type HdrImage } from '@hdr-lab/core';
import type { Baseline, BaselineInput, SingleImageBaselineInput } from './baseline.js';
import { inputUnits, medianUnits } from './median-units.js';

/** HDR Toolbox's convention for display-referred input: value^2.2 linearises it. */
const TOOLBOX_GAMMA_REMOVAL = 2.2;

function singleImage(id: string, input: BaselineInput): SingleImageBaselineInput {
  if (input.kind !== 'single-image') throw new Error(`baseline '${id}' reconstructs from one LDR image, not from a bracket; use reference-exposure or debevec-merge for multi-exposure models`);
  return input;
}

function linearised({ image, encoding }: SingleImageBaselineInput): HdrImage {
  if (encoding === 'linear') return image;
  return createHdrImage(image.width, image.height, image.channels, srgbDecodeArray(Float32Array.from(image.data, (value) => Math.min(1, Math.max(0, value)))));
}

function signatureParams(input: SingleImageBaselineInput): Record<string, string | number> {
  return { encoding: input.encoding, ...(input.outputScale === undefined ? {} : { outputScale: input.outputScale }) };
}

/** The untouched input, linearised, in the model's units: what a model must beat to have learned anything. */
export const identityBaseline: Baseline = {
  id: 'identity',
  version: '2',
  describe: "the LDR input itself, linearised, in the model's units or median-normalised (clipped highlights stay clipped)",
  kind: 'single-image',
  reconstruct(input) {
    const single = singleImage('identity', input);
    const linear = linearised(single);
    const image = single.outputScale === undefined ? medianUnits(linear) : scaleRadiance(linear, single.outputScale);
    return { image, signature: { id: 'identity', version: '2', params: signatureParams(single) } };
  },
};

/**
 * An expansion operator of the core registry with its published defaults, fed as HDR Toolbox expects: linear
 * input as it is (gammaRemoval 0), sRGB input through the toolbox's gamma 2.2. Its output, in the operator's
 * own display units, is scaled to the median luminance of the input in the model's units (or median-normalised),
 * so that only its shape is compared, not its choice of peak.
 */
function expansionBaseline(operatorId: string): Baseline {
  const operator = expansionOperator(operatorId);
  return {
    id: operatorId,
    version: `${operator.version}+input-units.1`,
    describe: `${operator.describe} (${operator.reference}); fed linear input with gammaRemoval 0 and sRGB input with 2.2; output median-matched to the input in the model's units`,
    kind: 'single-image',
    reconstruct(input) {
      const single = singleImage(operatorId, input);
      const gammaRemoval = single.encoding === 'linear' ? 0 : TOOLBOX_GAMMA_REMOVAL;
      const result = expand(single.image, operatorId, { gammaRemoval }, { outOfRange: 'clamp' });
      return {
        image: inputUnits(result.image, linearised(single), single.outputScale),
        signature: { id: operatorId, version: `${result.signature.version}+input-units.1`, params: { ...result.signature.params, ...signatureParams(single) } },
      };
    },
  };
}

export const SINGLE_IMAGE_BASELINES: readonly Baseline[] = [identityBaseline, ...EXPANSION_OPERATOR_IDS.map(expansionBaseline)];
