import { createHdrImage, expand, expansionOperator, EXPANSION_OPERATOR_IDS, srgbDecode, type HdrImage } from '@hdr-lab/core';
import type { Baseline, BaselineInput, SingleImageBaselineInput } from './baseline.js';
import { medianUnits } from './median-units.js';

/** HDR Toolbox's convention for display-referred input: value^2.2 linearises it. */
const TOOLBOX_GAMMA_REMOVAL = 2.2;

function singleImage(id: string, input: BaselineInput): SingleImageBaselineInput {
  if (input.kind !== 'single-image') throw new Error(`baseline '${id}' reconstructs from one LDR image, not from a bracket; use reference-exposure or debevec-merge for multi-exposure models`);
  return input;
}

function linearised({ image, encoding }: SingleImageBaselineInput): HdrImage {
  if (encoding === 'linear') return image;
  return createHdrImage(image.width, image.height, image.channels, Float32Array.from(image.data, (value) => srgbDecode(Math.min(1, Math.max(0, value)))));
}

/** The untouched input, linearised and median-normalised: what a model must beat to have learned anything. */
export const identityBaseline: Baseline = {
  id: 'identity',
  version: '1',
  describe: 'the LDR input itself, linearised and median-normalised (clipped highlights stay clipped)',
  kind: 'single-image',
  reconstruct(input) {
    const single = singleImage('identity', input);
    return { image: medianUnits(linearised(single)), signature: { id: 'identity', version: '1', params: { encoding: single.encoding } } };
  },
};

/**
 * An expansion operator of the core registry with its published defaults, fed as HDR Toolbox expects: linear
 * input as it is (gammaRemoval 0), sRGB input through the toolbox's gamma 2.2. Its output, in the operator's
 * own display units, is median-normalised so that only its shape is compared, not its choice of peak.
 */
function expansionBaseline(operatorId: string): Baseline {
  const operator = expansionOperator(operatorId);
  return {
    id: operatorId,
    version: `${operator.version}+median-units.1`,
    describe: `${operator.describe} (${operator.reference}); output median-normalised`,
    kind: 'single-image',
    reconstruct(input) {
      const single = singleImage(operatorId, input);
      const gammaRemoval = single.encoding === 'linear' ? 0 : TOOLBOX_GAMMA_REMOVAL;
      const result = expand(single.image, operatorId, { gammaRemoval }, { outOfRange: 'clamp' });
      return {
        image: medianUnits(result.image),
        signature: { id: operatorId, version: `${result.signature.version}+median-units.1`, params: { ...result.signature.params, encoding: single.encoding } },
      };
    },
  };
}

export const SINGLE_IMAGE_BASELINES: readonly Baseline[] = [identityBaseline, ...EXPANSION_OPERATOR_IDS.map(expansionBaseline)];
