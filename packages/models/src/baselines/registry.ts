import type { Model } from '../registry/model.js';
import type { Baseline, BaselineInput, BaselineSignature } from './baseline.js';
import { BRACKET_BASELINES } from './bracket.js';
import { SINGLE_IMAGE_BASELINES } from './single-image.js';
import type { HdrImage } from '@hdr-lab/core';

/** Every baseline, by id. A new baseline (or a new expansion operator in core) is added there and nowhere else. */
const BASELINES: readonly Baseline[] = [...SINGLE_IMAGE_BASELINES, ...BRACKET_BASELINES];

export const BASELINE_IDS = BASELINES.map((entry) => entry.id);

export function baseline(id: string): Baseline {
  const found = BASELINES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`unknown baseline '${id}'; known: ${BASELINE_IDS.join(', ')} (hdr-lab baselines --list)`);
  return found;
}

export function listBaselines(): readonly Baseline[] {
  return BASELINES;
}

/** Runs one baseline on an input. */
export function runBaseline(id: string, input: BaselineInput): { readonly image: HdrImage; readonly signature: BaselineSignature } {
  return baseline(id).reconstruct(input);
}

/** The baselines an experiment reports when its config names none: every one that takes the model's kind of input. */
export function defaultBaselines(model: Pick<Model, 'inputDomain'>): string[] {
  const kind = model.inputDomain === 'ldr-bracket' ? 'bracket' : 'single-image';
  return BASELINES.filter((entry) => entry.kind === kind).map((entry) => entry.id);
}

/** Checks that a baseline takes a model's kind of input, with a message naming both. */
export function checkBaselineFits(id: string, model: Pick<Model, 'id' | 'inputDomain'>): void {
  const kind = model.inputDomain === 'ldr-bracket' ? 'bracket' : 'single-image';
  const found = baseline(id);
  if (found.kind !== kind) throw new Error(`baseline '${id}' takes ${found.kind} input, but ${model.id} takes ${kind} input; choose among ${defaultBaselines(model).join(', ')}`);
}
