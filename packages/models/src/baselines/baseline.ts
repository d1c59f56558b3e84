import type { HdrImage } from '@hdr-lab/core';
import type { Bracket } from '../registry/model.js';

/** A single LDR image as a model sees it: values in [0, 1], linear or sRGB-encoded. */
export interface SingleImageBaselineInput {
  readonly kind: 'single-image';
  readonly image: HdrImage;
  readonly encoding: 'linear' | 'srgb';
  /**
   * The factor that brings the linearised input into the units the model predicts in, where the model defines
   * one (the hybrid-loss GAN: 255 2^-k for its input level k); without it the baselines are median-normalised.
   */
  readonly outputScale?: number;
}

/** A bracket as a multi-exposure model sees it, with the camera gamma its exposures are linearised with. */
export interface BracketBaselineInput {
  readonly kind: 'bracket';
  readonly bracket: Bracket;
  readonly gamma: number;
}

export type BaselineInput = SingleImageBaselineInput | BracketBaselineInput;

/** How a baseline's output was made: enough to reproduce it, recorded with every score of it. */
export interface BaselineSignature {
  readonly id: string;
  readonly version: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
}

/**
 * A model-free reconstruction that an ablation is read against. Single-image baselines return linear HDR in the
 * model's units: the linearised input times `outputScale` for identity, the other baselines scaled to the same
 * median luminance; without `outputScale`, median-normalised (the units of a prepared test set's references,
 * where the protocols bring every prediction). Bracket baselines return the units bracket models predict in (the shortest exposure's
 * linear value, its time counted as 1).
 */
export interface Baseline {
  readonly id: string;
  readonly version: string;
  readonly describe: string;
  readonly kind: BaselineInput['kind'];
  reconstruct(input: BaselineInput): { readonly image: HdrImage; readonly signature: BaselineSignature };
}
