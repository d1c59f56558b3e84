import type { SynthStep } from './step.js';
import { bracketStep } from './steps/bracket.js';
import { cameraCurveStep } from './steps/camera-curve.js';
import { clipStep } from './steps/clip.js';
import { companionsStep } from './steps/companions.js';
import { evStackStep } from './steps/ev-stack.js';
import { exposeStep } from './steps/expose.js';
import { jpegStep } from './steps/jpeg.js';
import { noiseStep } from './steps/noise.js';
import { normaliseStep } from './steps/normalise.js';
import { quantiseStep } from './steps/quantise.js';
import { rangeLevelsStep } from './steps/range-levels.js';

/** Every synthesis step, by id. A new step is added here and nowhere else. */
const STEPS: readonly SynthStep<unknown>[] = [
  normaliseStep,
  exposeStep,
  rangeLevelsStep,
  evStackStep,
  bracketStep,
  noiseStep,
  clipStep,
  cameraCurveStep,
  quantiseStep,
  jpegStep,
  companionsStep,
] as unknown as SynthStep<unknown>[];

export const SYNTH_STEP_IDS: readonly string[] = STEPS.map((step) => step.id);

export function findSynthStep(id: string): SynthStep<unknown> | undefined {
  return STEPS.find((step) => step.id === id);
}

/** One line per step for --help and --list: id and what it does. */
export function describeSynthSteps(): { id: string; version: string; describe: string }[] {
  return STEPS.map(({ id, version, describe }) => ({ id, version, describe }));
}
