import type { HdrImage } from '@hdr-lab/core';
import { createRandom, type Seed } from '../random/index.js';
import type { SynthPipeline } from './pipeline.js';
import { colourOnly, type SynthSample } from './sample.js';
import type { JsonRecord } from './step.js';

/** Changes when the way steps are keyed, seeded or recorded changes. */
export const SYNTH_SIGNATURE_FORMAT = 1;

/** How a sample was made: enough to make it again bit for bit from the same seed image. */
export interface SynthSignature {
  readonly format: typeof SYNTH_SIGNATURE_FORMAT;
  readonly seed: Seed;
  readonly steps: readonly {
    readonly id: string;
    readonly version: string;
    /** Name of the step's random stream: its id and how many steps of that id came before it. */
    readonly key: string;
    readonly params: JsonRecord;
    readonly draws?: JsonRecord;
  }[];
}

export interface SynthResult {
  readonly sample: SynthSample;
  readonly signature: SynthSignature;
}

/**
 * Applies a parsed pipeline to a linear HDR image (alpha is dropped). Each step draws from its own stream,
 * derived from the seed and the step's key (`bracket#0`), so adding, removing or re-parametrising a step
 * leaves the draws of every step of another kind unchanged (only a step of the same kind inserted before
 * it renumbers its key). Byte-identical for the same image, pipeline, seed and Node version.
 */
export async function runSynthPipeline(pipeline: SynthPipeline, image: HdrImage, seed: Seed): Promise<SynthResult> {
  const root = createRandom(seed).derive('synth');
  let sample: SynthSample = { groundTruth: colourOnly(image), exposures: [], phase: 'scene', referenceIndex: 0 };
  const steps: SynthSignature['steps'][number][] = [];
  for (const step of pipeline.steps) {
    const outcome = await step.apply(sample, root.derive(step.key));
    sample = outcome.sample;
    steps.push({ id: step.id, version: step.version, key: step.key, params: step.record, ...(outcome.draws ? { draws: outcome.draws } : {}) });
  }
  return { sample, signature: { format: SYNTH_SIGNATURE_FORMAT, seed, steps } };
}
