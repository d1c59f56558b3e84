import { applySettingsDiff, ConfigError, validateConfig, type SettingsTree } from '@hdr-lab/core';
import { createRandom } from '@hdr-lab/datasets';
import { experimentSchema, type ExperimentConfig, type SweepDomain } from './config.js';

/** One trial of an experiment: its name, the diff that makes it, and its validated config. */
export interface TrialPlan {
  readonly name: string;
  /** Human-readable: the variant's diff or the sweep point, `path=value` joined. */
  readonly label: string;
  readonly diff: Readonly<Record<string, unknown>>;
  readonly config: ExperimentConfig;
}

/** Sweep points beyond this are refused: a typo in a grid should not plan a million trials. */
const MAX_TRIALS = 10_000;

function label(diff: Readonly<Record<string, unknown>>): string {
  return Object.entries(diff)
    .map(([path, value]) => `${path}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

function gridPoints(parameters: Readonly<Record<string, SweepDomain>>, cap: number | undefined, source: string): Record<string, unknown>[] {
  const entries = Object.entries(parameters) as [string, unknown[]][];
  const size = entries.reduce((product, [, values]) => product * values.length, 1);
  if (size > MAX_TRIALS && (cap === undefined || cap > MAX_TRIALS)) throw new ConfigError(`${source}: sweep: the grid has ${size} points; cap it with sweep.trials (at most ${MAX_TRIALS})`);
  const points: Record<string, unknown>[] = [];
  const count = Math.min(size, cap ?? size);
  for (let index = 0; index < count; index++) {
    let rest = index;
    const point: Record<string, unknown> = {};
    for (let axis = entries.length - 1; axis >= 0; axis--) {
      const [path, values] = entries[axis]!;
      point[path] = values[rest % values.length];
      rest = Math.floor(rest / values.length);
    }
    points.push(Object.fromEntries(entries.map(([path]) => [path, point[path]])));
  }
  return points;
}

/** Seeded: trial i's values come from stream `sweep/i`, so adding trials keeps the earlier ones. */
function randomPoints(parameters: Readonly<Record<string, SweepDomain>>, trials: number, seed: number): Record<string, unknown>[] {
  const root = createRandom(seed).derive('sweep');
  return Array.from({ length: trials }, (_, index) => {
    const stream = root.derive(index);
    return Object.fromEntries(
      Object.entries(parameters).map(([path, domain]) => {
        const draw = stream.derive(path);
        if (Array.isArray(domain)) return [path, domain[draw.int(0, domain.length - 1)]];
        if ('uniform' in domain) return [path, draw.uniformIn(domain.uniform[0], domain.uniform[1])];
        if ('logUniform' in domain) return [path, Math.exp(draw.uniformIn(Math.log(domain.logUniform[0]), Math.log(domain.logUniform[1])))];
        return [path, draw.int(domain.int[0], domain.int[1])];
      }),
    );
  });
}

/** The trial's document: the base with the diff applied and the variant sections dropped. */
function trialDocument(base: SettingsTree, diff: Readonly<Record<string, unknown>>, where: string): SettingsTree {
  const { ablation: _ablation, sweep: _sweep, ...rest } = base;
  for (const path of Object.keys(diff)) {
    const head = path.split('.')[0]!;
    if (['name', 'ablation', 'sweep', 'runner', 'tracking', 'out'].includes(head)) {
      throw new ConfigError(`${where}: '${path}' is an experiment-level setting; a variant may change data, model, train, eval, scale and backend`);
    }
  }
  return applySettingsDiff(rest, diff, where);
}

/**
 * The trials an experiment runs: an ablation's variants in file order (with `base` first when asked), a
 * sweep's points, or the base alone; every trial config validated here, before anything runs.
 */
export function planTrials(document: SettingsTree, config: ExperimentConfig, source: string): TrialPlan[] {
  const diffs: [string, Record<string, unknown>, string][] = [];
  if (config.ablation) {
    if (config.ablation.includeBase) diffs.push(['base', {}, `${source}: ablation`]);
    for (const [variant, diff] of Object.entries(config.ablation.variants)) {
      if (variant === 'base' && config.ablation.includeBase) throw new ConfigError(`${source}: ablation.variants.base: 'base' is the name of the base variant (includeBase); rename this one`);
      diffs.push([variant, diff, `${source}: ablation.variants.${variant}`]);
    }
  } else if (config.sweep) {
    const { method, parameters, trials, seed } = config.sweep;
    const points = method === 'grid' ? gridPoints(parameters, trials, source) : randomPoints(parameters, trials!, seed);
    const width = String(points.length - 1).length;
    points.forEach((point, index) => diffs.push([`t${String(index).padStart(Math.max(width, 3), '0')}`, point, `${source}: sweep (trial ${index}: ${label(point)})`]));
  } else {
    diffs.push(['base', {}, source]);
  }
  return diffs.map(([name, diff, where]) => ({ name, label: label(diff) || 'base', diff, config: validateConfig(experimentSchema, trialDocument(document, diff, where), where) }));
}
