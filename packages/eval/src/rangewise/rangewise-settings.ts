import { ParamError, resolveParams, type RangeRounding } from '@hdr-lab/core';
import type { PredictionScale, RangewiseOptions } from './rangewise.js';

const SPECS = {
  rounding: { type: 'choice', default: 'round', choices: ['round', 'floor'], describe: 'quantisation of each level' },
  predictionScale: {
    type: 'choice',
    default: 'gt-median',
    choices: ['gt-median', 'input-anchored', 'self-median'],
    describe: "how the prediction is brought into the reference's median-normalised units",
  },
  inputLevel: { type: 'number', default: 7, min: -16, max: 32, describe: "for 'input-anchored': the level k of the method's LDR input" },
} as const;

/**
 * Range-wise options from `NAME=VALUE` strings (command line or config): `levels` is a comma-separated
 * list of k (default 3,4,5,6,7,8), the others are checked against their specs.
 */
export function parseRangewiseSettings(settings: Readonly<Record<string, string>>): RangewiseOptions {
  const { levels, ...rest } = settings;
  const resolved = resolveParams({ kind: 'metrics', id: 'rangewise' }, SPECS, rest);
  const parsedLevels = levels?.split(',').map((text) => {
    const k = Number(text.trim());
    if (text.trim() === '' || !Number.isInteger(k)) throw new ParamError('metrics.rangewise.levels', `expected integers such as 3,4,5,6,7,8, got '${levels}'`);
    return k;
  });
  return {
    rounding: resolved.rounding as RangeRounding,
    predictionScale: resolved.predictionScale as PredictionScale,
    ...(resolved.predictionScale === 'input-anchored' ? { inputLevel: resolved.inputLevel } : {}),
    ...(parsedLevels ? { levels: parsedLevels } : {}),
  };
}
