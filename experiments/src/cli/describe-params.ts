import type { ParamSpecs } from '@hdr-lab/core';

/** One line per parameter: name, default, admissible values and meaning, for --list output. */
export function describeParams(specs: ParamSpecs): string[] {
  return Object.entries(specs).map(([name, spec]) => {
    const values =
      spec.type === 'choice'
        ? spec.choices.join(' | ')
        : spec.type === 'boolean'
          ? 'true | false'
          : [spec.min === undefined ? '' : `>= ${spec.min}`, spec.max === undefined ? '' : `<= ${spec.max}`].filter(Boolean).join(', ') || 'number';
    return `    ${name} = ${String(spec.default)}  (${values}): ${spec.describe}`;
  });
}
