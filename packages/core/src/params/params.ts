/**
 * A named parameter of a registered component (tone-mapping operator, metric, ...): its type, default,
 * admissible values and meaning (shown by --help and in errors).
 */
export type ParamSpec =
  | { readonly type: 'number'; readonly default: number; readonly min?: number; readonly max?: number; readonly describe: string }
  | { readonly type: 'choice'; readonly default: string; readonly choices: readonly string[]; readonly describe: string }
  | { readonly type: 'boolean'; readonly default: boolean; readonly describe: string };

export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The values a spec set resolves to. */
export type ParamValues<S extends ParamSpecs> = {
  -readonly [K in keyof S]: S[K] extends { type: 'number' } ? number : S[K] extends { type: 'boolean' } ? boolean : string;
};

/** A bad parameter; `path` names it as a config would (e.g. `tonemap.reinhard02.key`). */
export class ParamError extends Error {
  override readonly name = 'ParamError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/**
 * Fills defaults and checks every given value against its spec. Strings are accepted for numbers and
 * booleans so that command-line `--param k=v` pairs need no separate parsing.
 */
export function resolveParams<S extends ParamSpecs>(
  owner: { readonly kind: string; readonly id: string },
  specs: S,
  given: Readonly<Record<string, unknown>> = {},
): ParamValues<S> {
  const path = (name: string) => `${owner.kind}.${owner.id}.${name}`;
  for (const name of Object.keys(given)) {
    if (!(name in specs)) {
      throw new ParamError(path(name), `unknown parameter; '${owner.id}' takes ${Object.keys(specs).join(', ')}`);
    }
  }
  const resolved: Record<string, number | string | boolean> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = given[name];
    resolved[name] = value === undefined ? spec.default : checkValue(path(name), spec, value);
  }
  return resolved as ParamValues<S>;
}

function checkValue(path: string, spec: ParamSpec, value: unknown): number | string | boolean {
  switch (spec.type) {
    case 'number': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) throw new ParamError(path, `expected a finite number, got ${JSON.stringify(value)}`);
      if (spec.min !== undefined && number < spec.min) throw new ParamError(path, `must be at least ${spec.min}, got ${number}`);
      if (spec.max !== undefined && number > spec.max) throw new ParamError(path, `must be at most ${spec.max}, got ${number}`);
      return number;
    }
    case 'choice':
      if (typeof value !== 'string' || !spec.choices.includes(value)) {
        throw new ParamError(path, `expected one of ${spec.choices.join(', ')}, got ${JSON.stringify(value)}`);
      }
      return value;
    case 'boolean':
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      throw new ParamError(path, `expected true or false, got ${JSON.stringify(value)}`);
  }
}
