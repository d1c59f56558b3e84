import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../src/experiment/load.js';
import { runCli } from './support/run-cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'hdr-lab-experiment-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

const BASE = `name: demo
data: { prepared: prepared }
model: { id: hybrid-loss-gan, preset: rec, tiny: true }
train: { steps: 10, batchSize: 2 }
out: runs/demo
`;

async function loadError(path: string, set: string[] = []): Promise<string> {
  try {
    await loadExperiment(path, set);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${path} loaded without an error`);
}

describe('experiment configs', () => {
  it('names the line and column of a YAML syntax error', async () => {
    expect(await loadError(file('syntax.yaml', 'name: demo\nmodel: { id: hybrid-loss-gan\ntrain: [\n'))).toMatch(/syntax\.yaml:\d+:\d+: not valid YAML/);
  });

  it('names the YAML path of an unknown key, a wrong type and a missing setting, and the expected form', async () => {
    expect(await loadError(file('unknown.yaml', `${BASE}trian: { steps: 3 }\n`))).toMatch(/unknown\.yaml: trian: unknown setting/);
    expect(await loadError(file('nested.yaml', BASE.replace('batchSize: 2', 'batchSize: 2, sed: 1')))).toMatch(/nested\.yaml: train\.sed: unknown setting/);
    expect(await loadError(file('type.yaml', BASE.replace('steps: 10', 'steps: ten')))).toMatch(/type\.yaml: train\.steps: .*expected number, received string/);
    expect(await loadError(file('missing.yaml', BASE.replace('out: runs/demo\n', '')))).toMatch(/missing\.yaml: out: .*expected string/);
    expect(await loadError(file('model.yaml', BASE.replace('hybrid-loss-gan', 'hdr-cnn')))).toMatch(/model\.yaml: model\.id: .*expected one of "hybrid-loss-gan"\|"deep-chain-hdri"/);
  });

  it('checks model settings, variants and sweeps before anything runs', async () => {
    expect(await loadError(file('setting.yaml', `${BASE.replace('tiny: true', 'tiny: true, settings: { loss: { gan: { alfa: 1 } } }')}`))).toMatch(
      /setting\.yaml: model\.settings: loss\.gan\.alfa: unknown setting|setting\.yaml: model\.settings: loss\.gan: Unrecognized key: "alfa"/,
    );
    expect(await loadError(file('variant.yaml', `${BASE}ablation: { variants: { a: { model.preset: nope } } }\n`))).toMatch(/variant\.yaml: a: model\.settings: unknown preset 'nope' of hybrid-loss-gan; known: rec, /);
    expect(await loadError(file('variant-type.yaml', `${BASE}ablation: { variants: { a: { train.steps: -1 } } }\n`))).toMatch(/variant-type\.yaml: ablation\.variants\.a: train\.steps: .*>0/);
    expect(await loadError(file('variant-level.yaml', `${BASE}ablation: { variants: { a: { out: elsewhere } } }\n`))).toMatch(/'out' is an experiment-level setting/);
    expect(await loadError(file('both.yaml', `${BASE}ablation: { variants: { a: {} } }\nsweep: { method: grid, parameters: { train.seed: [1, 2] } }\n`))).toMatch(/both\.yaml: sweep: an experiment is an ablation or a sweep, not both/);
    expect(await loadError(file('random.yaml', `${BASE}sweep: { method: random, parameters: { train.seed: [1, 2] } }\n`))).toMatch(/random\.yaml: sweep\.trials: random search needs a trial count/);
    expect(await loadError(file('grid-range.yaml', `${BASE}sweep: { method: grid, parameters: { model.settings.train.lr: { logUniform: [1e-4, 1e-2] } } }\n`))).toMatch(
      /grid-range\.yaml: sweep\.parameters\.model\.settings\.train\.lr: a grid takes a list of values/,
    );
  });

  it('follows extends (paths relative to each file) up to three files, and refuses cycles, deeper chains and missing bases', async () => {
    file('level1.yaml', `${BASE}eval: { figures: 1 }\n`);
    file('level2.yaml', 'extends: level1.yaml\ntrain: { steps: 20 }\n');
    const ok = await loadExperiment(file('level3.yaml', 'extends: level2.yaml\nname: top\n'));
    expect(ok.files.map((path) => path.split('/').at(-1))).toEqual(['level3.yaml', 'level2.yaml', 'level1.yaml']);
    expect(ok.config.name).toBe('top');
    expect(ok.config.train).toMatchObject({ steps: 20, batchSize: 2 });
    expect(ok.config.eval.figures).toBe(1);
    expect(ok.config.data.prepared).toBe(join(work, 'prepared'));
    expect(await loadError(file('level4.yaml', 'extends: level3.yaml\n'))).toMatch(/level4\.yaml -> .*level1\.yaml is deeper than 3 files/);
    file('cycle-a.yaml', 'extends: cycle-b.yaml\n');
    file('cycle-b.yaml', 'extends: cycle-a.yaml\n');
    expect(await loadError(join(work, 'cycle-a.yaml'))).toMatch(/extends itself/);
    expect(await loadError(file('orphan.yaml', 'extends: nowhere.yaml\n'))).toMatch(/nowhere\.yaml: no such config file \(extended by .*orphan\.yaml\)/);
  });

  it('applies --set with YAML values, refuses malformed assignments, and hashes the resolved definition', async () => {
    const path = file('hash.yaml', `${BASE}ablation: { variants: { a: { train.seed: 1 }, b: { train.seed: 2 } } }\n`);
    const reordered = file('hash-reordered.yaml', `out: runs/demo\ntrain: { batchSize: 2, steps: 10 }\nmodel: { tiny: true, preset: rec, id: hybrid-loss-gan }\ndata: { prepared: prepared }\nname: demo\nablation: { variants: { a: { train.seed: 1 }, b: { train.seed: 2 } } }\n`);
    const [one, two] = await Promise.all([loadExperiment(path), loadExperiment(reordered)]);
    expect(two.definitionHash).toBe(one.definitionHash);
    const workers = await loadExperiment(path, ['runner.workers=2']);
    expect(workers.definitionHash).toBe(one.definitionHash);
    const steps = await loadExperiment(path, ['train.steps=30', 'eval.exposures=[-1, 1]']);
    expect(steps.config.train.steps).toBe(30);
    expect(steps.config.eval.exposures).toEqual([-1, 1]);
    expect(steps.definitionHash).not.toBe(one.definitionHash);
    expect(await loadError(path, ['train.steps'])).toMatch(/--set 'train\.steps' is not of the form PATH=VALUE/);
    expect(await loadError(path, ['train.steps=[1'])).toMatch(/--set 'train\.steps=\[1': the value is not valid YAML/);
    expect(await loadError(path, ['train.steps=abc'])).toMatch(/train\.steps: .*expected number/);
  });

  it('plans grid and seeded random sweeps, capped by trials', async () => {
    const grid = await loadExperiment(file('grid.yaml', `${BASE}sweep: { method: grid, parameters: { train.seed: [1, 2, 3], train.batchSize: [1, 2] }, trials: 4 }\n`));
    expect(grid.trials.map((trial) => [trial.name, trial.config.train.seed, trial.config.train.batchSize])).toEqual([
      ['t000', 1, 1],
      ['t001', 1, 2],
      ['t002', 2, 1],
      ['t003', 2, 2],
    ]);
    const randomText = `${BASE}sweep: { method: random, parameters: { model.settings.train.lr: { logUniform: [1e-5, 1e-2] }, train.seed: { int: [0, 9] } }, trials: 3, seed: 4 }\n`;
    const random = await loadExperiment(file('random-ok.yaml', randomText));
    const again = await loadExperiment(file('random-again.yaml', randomText.replace('trials: 3', 'trials: 5')));
    const lr = (trial: (typeof random.trials)[number]) => (trial.config.model.settings as { train: { lr: number } }).train.lr;
    expect(random.trials.map(lr)).toEqual(again.trials.slice(0, 3).map(lr));
    for (const trial of again.trials) {
      expect(lr(trial)).toBeGreaterThanOrEqual(1e-5);
      expect(lr(trial)).toBeLessThan(1e-2);
      expect(Number.isInteger(trial.config.train.seed)).toBe(true);
    }
    expect(new Set(again.trials.map(lr)).size).toBe(5);
  });

  it('--dry-run prints the resolved config, its hash and the trials of the default experiment', async () => {
    const { status, out } = await runCli('ablation', '--config', join(ROOT, 'configs', 'experiments', 'default.yaml'), '--dry-run');
    expect(status).toBe(0);
    expect(out).toMatch(/^# .*default\.yaml extends .*hybrid-loss-ablation\.base\.yaml\n# definition hash [0-9a-f]{64}\n/);
    expect(out).toContain('name: hybrid-loss-ablation-samples');
    expect(out).toMatch(/# 5 trials:\n# {3}rec: model\.preset=rec\n# {3}rec_gan: model\.preset=rec_gan\n/);
    const wrongKind = await runCli('sweep', '--config', join(ROOT, 'configs', 'experiments', 'default.yaml'));
    expect(wrongKind.status).toBe(1);
    expect(wrongKind.err).toMatch(/has no sweep: section; it is an ablation: run it with hdr-lab ablation/);
  });

  it('every shipped experiment config loads, and the GPU-scale ones say so', async () => {
    const names = readdirSync(join(ROOT, 'configs', 'experiments'))
      .filter((file) => file.endsWith('.yaml') && !file.endsWith('.base.yaml'))
      .map((file) => file.replace(/\.yaml$/, ''))
      .sort();
    expect(names).toEqual(['attention-drdb', 'attention-drdb-tiny', 'deep-chain-tables2-3', 'default', 'hdr-gan-table1', 'hdr-gan-tables2-3', 'hybrid-loss-table4', 'multi-exposure-tiny']);
    const cpu = ['attention-drdb-tiny', 'default', 'multi-exposure-tiny'];
    for (const name of names) {
      const loaded = await loadExperiment(join(ROOT, 'configs', 'experiments', `${name}.yaml`));
      expect(loaded.trials.length, name).toBeGreaterThan(1);
      expect(loaded.config.scale, name).toBe(cpu.includes(name) ? 'cpu' : 'gpu');
    }
  });
});
