import { describeConfigPath, ParamError } from '@hdr-lab/core';
import { z } from 'zod';
import type { Random } from '../random/index.js';
import { findSynthStep, SYNTH_STEP_IDS } from './registry.js';
import type { Phase, SynthSample } from './sample.js';
import type { JsonRecord, StepOutcome, SynthStep } from './step.js';

/** A validated step with its typed parameters bound in; `key` names its random stream. */
export interface PipelineStep {
  readonly id: string;
  readonly version: string;
  readonly key: string;
  readonly record: JsonRecord;
  apply(sample: SynthSample, random: Random): Promise<StepOutcome>;
}

export interface SynthPipeline {
  readonly steps: readonly PipelineStep[];
}

export interface SynthParseOptions {
  /** Folder relative file names (curve files) are read from, e.g. the config file's; default the working directory. */
  readonly baseDir?: string;
  /** First element of error paths; default 'synth'. */
  readonly label?: string;
}

/** A problem with the list of steps, at its path below the list: [index, step id, key, ...]. */
class PipelineIssue extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

/** The first problem zod found, at its own path; an unknown key is named in the path itself. */
function toIssue(at: readonly (string | number)[], error: z.ZodError, step: SynthStep<unknown>): PipelineIssue {
  const issue = error.issues[0]!;
  const path = issue.path.map((key) => (typeof key === 'number' ? key : String(key)));
  if (issue.code === 'unrecognized_keys') {
    return new PipelineIssue([...at, ...path, issue.keys[0]!], `unknown key; ${step.id} takes ${describeKeys(step)}`);
  }
  return new PipelineIssue([...at, ...path], issue.message);
}

function describeKeys(step: SynthStep<unknown>): string {
  const shape = objectShape(step.schema(process.cwd()));
  return shape.length ? shape.join(', ') : 'no keys besides step';
}

/** Keys of the strict object at the root of a step schema (through transforms and refinements). */
function objectShape(schema: z.ZodType): string[] {
  let current: unknown = schema;
  for (let depth = 0; depth < 8 && current; depth++) {
    const definition = (current as { def?: { type?: string; shape?: object; in?: unknown; innerType?: unknown; schema?: unknown } }).def;
    if (!definition) break;
    if (definition.type === 'object' && definition.shape) return Object.keys(definition.shape);
    current = definition.in ?? definition.innerType ?? definition.schema;
  }
  return [];
}

interface Flow {
  phase: Phase;
  bounded: boolean;
  derivedAt: number | undefined;
}

const WORKS: Record<Phase, string> = {
  scene: 'before any exposure is made',
  linear: 'on linear (sensor) exposures',
  display: 'on display-encoded exposures',
};

const STATE: Record<Phase, string> = {
  scene: 'no exposures exist yet',
  linear: 'the exposures are linear (sensor) values',
  display: 'the exposures are display-encoded',
};

function placementHint(from: readonly Phase[], now: Phase): string {
  if (now === 'scene') return 'put expose, range-levels, ev-stack or bracket before it';
  if (from.includes('scene')) return 'move it before the step that makes the exposures';
  if (from.includes('display')) return 'put clip and camera-curve before it';
  return 'move it before camera-curve (range-levels makes display values directly)';
}

/** Checks that each step stands where it can work, so a bad order fails before any image is touched. */
function checkPlacement(step: SynthStep<unknown>, flow: Flow, index: number): void {
  const { placement } = step;
  if (!placement.from.includes(flow.phase)) {
    const works = placement.from.map((phase) => WORKS[phase]).join(' or ');
    throw new PipelineIssue([index], `${step.id} works ${works}, but here ${STATE[flow.phase]}; ${placementHint(placement.from, flow.phase)}`);
  }
  if (placement.needsBounded && !flow.bounded) throw new PipelineIssue([index], `${step.id} needs exposures within [0, 1]; put a clip step before it`);
  if (flow.derivedAt !== undefined && !placement.derivesOnly) {
    const derived = `the step at index ${flow.derivedAt} derived outputs from them`;
    throw new PipelineIssue([index], `${step.id} would change the exposures after ${derived}; move it before that step`);
  }
  if (placement.to) flow.phase = placement.to;
  if (placement.bounded !== undefined) flow.bounded = placement.bounded;
  if (placement.derivesOnly && flow.derivedAt === undefined) flow.derivedAt = index;
}

interface Parsed {
  readonly step: SynthStep<unknown>;
  params: unknown;
  readonly key: string;
}

function parseSteps(raw: unknown, baseDir: string): SynthPipeline {
  if (!Array.isArray(raw) || raw.length === 0) throw new PipelineIssue([], 'expected a non-empty list of steps, e.g. [{ step: expose }, { step: clip }]');
  const occurrences = new Map<string, number>();
  const flow: Flow = { phase: 'scene', bounded: false, derivedAt: undefined };
  const parsed: Parsed[] = raw.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || typeof (entry as { step?: unknown }).step !== 'string') {
      throw new PipelineIssue([index], `expected an object with a 'step' key naming one of ${SYNTH_STEP_IDS.join(', ')}`);
    }
    const { step: id, ...keys } = entry as { step: string } & Record<string, unknown>;
    const step = findSynthStep(id);
    if (!step) throw new PipelineIssue([index, 'step'], `unknown step '${id}'; known: ${SYNTH_STEP_IDS.join(', ')}`);
    const result = step.schema(baseDir).safeParse(keys);
    if (!result.success) throw toIssue([index, step.id], result.error, step);
    checkPlacement(step, flow, index);
    const occurrence = occurrences.get(id) ?? 0;
    occurrences.set(id, occurrence + 1);
    return { step, params: result.data, key: `${id}#${occurrence}` };
  });
  if (flow.phase === 'scene') throw new PipelineIssue([], 'no step makes exposures; add expose, range-levels, ev-stack or bracket');
  parsed.forEach((entry, index) => {
    if (!entry.step.complete) return;
    const later = parsed.slice(index + 1).map(({ step, params }) => ({ id: step.id, params }));
    entry.params = entry.step.complete(entry.params, later);
  });
  return {
    steps: parsed.map(({ step, params, key }) => ({
      id: step.id,
      version: step.version,
      key,
      record: step.record ? step.record(params) : (params as JsonRecord),
      apply: (sample, random) => step.apply(sample, params, random),
    })),
  };
}

/**
 * Validates a pipeline given as a list of step objects (`{ step: camera-curve, curve: sigmoid, n: 0.9 }`),
 * as parsed from YAML or JSON: unknown steps and keys, bad values and impossible orders are ParamErrors
 * naming the list index, step and key (`synth[2].camera-curve.gamma`). Done once; the result holds typed
 * parameters only.
 */
export function parseSynthPipeline(raw: unknown, options: SynthParseOptions = {}): SynthPipeline {
  try {
    return parseSteps(raw, options.baseDir ?? process.cwd());
  } catch (error) {
    if (error instanceof PipelineIssue) throw new ParamError(describeConfigPath([options.label ?? 'synth', ...error.path]), error.message);
    throw error;
  }
}

/**
 * The same validation as a zod schema, to embed a pipeline in a larger config read by core's
 * parseYamlConfig: problems come out at `synth[2].camera-curve.gamma` below wherever the list sits.
 */
export function synthPipelineSchema(options: Pick<SynthParseOptions, 'baseDir'> = {}): z.ZodType<SynthPipeline> {
  return z.unknown().transform((raw, ctx) => {
    try {
      return parseSteps(raw, options.baseDir ?? process.cwd());
    } catch (error) {
      if (!(error instanceof PipelineIssue)) throw error;
      ctx.addIssue({ code: 'custom', path: [...error.path], message: error.message });
      return z.NEVER;
    }
  });
}
