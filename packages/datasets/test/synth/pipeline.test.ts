import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ParamError, parseYamlConfig } from '@hdr-lab/core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { describeSynthSteps, parseSynthPipeline, runSynthPipeline, SYNTH_PRESETS, SYNTH_STEP_IDS, synthPipelineSchema } from '../../src/synth/index.js';
import { outputBytes, sameBytes, texturedScene } from './support/scenes.js';

function errorOf(run: () => unknown): ParamError {
  try {
    run();
  } catch (error) {
    if (error instanceof ParamError) return error;
    throw error;
  }
  throw new Error('expected a ParamError');
}

const expose = { step: 'expose' };
const clip = { step: 'clip' };

describe('pipeline parsing', () => {
  it.each([
    [[expose, { step: 'clip', foo: 1 }], 'synth[1].clip.foo', 'unknown key; clip takes no keys besides step'],
    [[expose, clip, { step: 'camera-curve', curve: 'gamma', gama: 2 }], 'synth[2].camera-curve.gama', 'unknown key; camera-curve takes curve, gamma, n, sigma'],
    [[expose, clip, { step: 'camera-curve', curve: 'srgb', gamma: 2.4 }], 'synth[2].camera-curve.gamma', "only for curve 'gamma'; curve 'srgb' takes no other keys"],
    [[expose, clip, { step: 'camera-curve', curve: 'gamma', gamma: -1 }], 'synth[2].camera-curve.gamma', 'Too small'],
    [[expose, clip, { step: 'camera-curve', curve: 'cubic' }], 'synth[2].camera-curve.curve', 'Invalid option'],
    [[expose, clip, { step: 'camera-curve', curve: 'file' }], 'synth[2].camera-curve.file', "curve 'file' needs the path of a JSON or CSV response curve"],
    [[{ step: 'bracket', biases: [0, -2] }], 'synth[0].bracket.biases', 'must increase, shortest exposure first'],
    [[{ step: 'bracket', reference: 3 }], 'synth[0].bracket.reference', 'must index one of the 3 biases (0..2)'],
    [[{ step: 'bracket', patchSize: [0.3, 0.1] }], 'synth[0].bracket.patchSize', 'expected [smallest, largest]'],
    [[{ step: 'ev-stack', evs: [-1, 1] }], 'synth[0].ev-stack.evs', 'must include 0, the middle exposure'],
    [[{ step: 'ev-stack', middle: 1, histogramCurve: 'srgb' }], 'synth[0].ev-stack.histogramCurve', 'only used with middle: even-histogram'],
    [[{ step: 'ev-stack', histogramCurve: { curve: 'gamma', n: 2 } }], 'synth[0].ev-stack.histogramCurve.n', "only for curve 'sigmoid'"],
    [[{ step: 'range-levels', levels: [3, 3] }], 'synth[0].range-levels.levels', 'each level may appear once'],
    [[expose, { step: 'noise', fullWell: '10k' }], 'synth[1].noise.fullWell', 'expected number'],
    [[expose, clip, { step: 'camera-curve', curve: 'srgb' }, { step: 'jpeg', quality: 101 }], 'synth[3].jpeg.quality', 'Too big'],
    [[{ step: 'blur' }], 'synth[0].step', "unknown step 'blur'; known: normalise, expose"],
    [[{ curve: 'srgb' }], 'synth[0]', "expected an object with a 'step' key"],
    [[], 'synth', 'expected a non-empty list of steps'],
    [[expose, { step: 'camera-curve', curve: 'srgb' }], 'synth[1]', 'camera-curve needs exposures within [0, 1]; put a clip step before it'],
    [[expose, { step: 'quantise' }], 'synth[1]', 'quantise works on display-encoded exposures, but here the exposures are linear (sensor) values; put clip and camera-curve before it'],
    [[{ step: 'range-levels' }, { step: 'noise' }], 'synth[1]', 'noise works on linear (sensor) exposures, but here the exposures are display-encoded; move it before camera-curve'],
    [[expose, { step: 'normalise' }], 'synth[1]', 'normalise works before any exposure is made, but here the exposures are linear (sensor) values; move it before the step that makes the exposures'],
    [[clip], 'synth[0]', 'clip works on linear (sensor) exposures or on display-encoded exposures, but here no exposures exist yet; put expose, range-levels, ev-stack or bracket before it'],
    [[{ step: 'range-levels' }, { step: 'companions' }, { step: 'quantise' }], 'synth[2]', 'quantise would change the exposures after the step at index 1 derived outputs from them'],
    [[{ step: 'normalise' }], 'synth', 'no step makes exposures'],
  ])('%j fails at %s', (steps, path, message) => {
    const error = errorOf(() => parseSynthPipeline(steps));
    expect(error.path).toBe(path);
    expect(error.message).toContain(`${path}: `);
    expect(error.message).toContain(message);
  });

  it('embeds in a YAML config read by core: curve files resolve against the config folder, errors name file and path', () => {
    const folder = mkdtempSync(join(tmpdir(), 'hdr-lab-synth-'));
    writeFileSync(join(folder, 'camera.csv'), '0, 0.2, 0.5, 0.8, 1');
    const schema = (baseDir: string) => z.strictObject({ name: z.string(), synth: synthPipelineSchema({ baseDir }) });
    const steps = ['synth:', '  - step: expose', '    stops: 1', '  - step: clip', '  - step: camera-curve', '    curve: file', '    file: camera.csv'];
    const yaml = ['name: demo', ...steps].join('\n');
    const { synth } = parseYamlConfig(schema(folder), yaml, 'dataset.yaml');
    expect(synth.steps.map((step) => [step.id, step.key])).toEqual([
      ['expose', 'expose#0'],
      ['clip', 'clip#0'],
      ['camera-curve', 'camera-curve#0'],
    ]);
    expect(synth.steps[2]!.record).toMatchObject({ curve: 'file', file: join(folder, 'camera.csv'), samples: 5 });
    const failure = (text: string, baseDir = folder) => {
      try {
        parseYamlConfig(schema(baseDir), text, 'dataset.yaml');
      } catch (error) {
        if (error instanceof ConfigError) return error.message;
        throw error;
      }
      throw new Error('expected a ConfigError');
    };
    expect(failure(yaml.replace('stops: 1', 'stops: one'))).toBe('dataset.yaml: synth[0].expose.stops: Invalid input: expected number, received string');
    expect(failure(yaml.replace('curve: file', 'curve: file\n    gamma: 2'))).toMatch(/^dataset\.yaml: synth\[2\]\.camera-curve\.gamma: only for curve 'gamma'/);
    expect(failure(yaml, tmpdir())).toMatch(/^dataset\.yaml: synth\[2\]\.camera-curve\.file: .*camera\.csv: cannot read the response curve/);
    expect(failure(yaml.replace('stops: 1', 'stops: [1'))).toMatch(/^dataset\.yaml:\d+:\d+: not valid YAML/);
    expect(errorOf(() => parseSynthPipeline([expose, { step: 'clip', white: 1 }], { label: 'dataset.synth' })).path).toBe('dataset.synth[1].clip.white');
  });

  it('lists every step with a description, and every preset parses', () => {
    expect(describeSynthSteps().map((step) => step.id)).toEqual([...SYNTH_STEP_IDS]);
    expect(describeSynthSteps().every((step) => step.describe.length > 10 && step.version === '1')).toBe(true);
    for (const steps of Object.values(SYNTH_PRESETS)) expect(parseSynthPipeline(steps).steps.length).toBe(steps.length);
  });
});

describe('applied pipelines', () => {
  const scene = texturedScene(64, 48);
  const noisy = [
    { step: 'normalise', mode: 'percentile' },
    { step: 'bracket' },
    { step: 'noise', fullWell: 2000 },
    clip,
    { step: 'camera-curve', curve: 'sigmoid-random' },
    { step: 'quantise' },
    { step: 'jpeg', quality: 60, qualityMax: 95 },
    { step: 'companions', linearise: 'curve' },
  ];

  it('sign each sample with the seed, step ids, versions, resolved parameters and draws', async () => {
    const { signature, sample } = await runSynthPipeline(parseSynthPipeline(noisy), scene, 'train/0007');
    expect(signature.format).toBe(1);
    expect(signature.seed).toBe('train/0007');
    expect(signature.steps.map((step) => `${step.id}@${step.version}`)).toEqual(noisy.map((step) => `${step.step}@1`));
    expect(signature.steps[0]!.params).toEqual({ mode: 'percentile', target: 1, percentile: 99.5 });
    expect(signature.steps[2]!.params).toEqual({ fullWell: 2000, readNoise: 3 });
    expect(signature.steps[4]!.params).toEqual({ curve: 'sigmoid-random', nMean: 0.9, nStd: 0.1, sigmaMean: 0.6, sigmaStd: 0.1 });
    expect(Object.keys(signature.steps[4]!.draws!)).toEqual(['curve', 'n', 'sigma']);
    expect(JSON.parse(JSON.stringify(signature))).toEqual(signature);
    expect(sample.companions).toHaveLength(3);
    expect(sample.curve?.record).toEqual(signature.steps[4]!.draws);
  });

  it('are byte-identical for a seed and differ for another seed', async () => {
    const pipeline = parseSynthPipeline(noisy);
    const [a, b, c] = await Promise.all([runSynthPipeline(pipeline, scene, 1), runSynthPipeline(pipeline, scene, 1), runSynthPipeline(pipeline, scene, 2)]);
    expect(sameBytes(outputBytes(a.sample), outputBytes(b.sample))).toBe(true);
    expect(JSON.stringify(a.signature)).toBe(JSON.stringify(b.signature));
    expect(sameBytes(outputBytes(a.sample), outputBytes(c.sample))).toBe(false);
    expect(JSON.stringify(a.signature.steps[1]!.draws)).not.toBe(JSON.stringify(c.signature.steps[1]!.draws));
  });

  it("leave other steps' draws alone when a step is added, so a pipeline can grow without reshuffling", async () => {
    const without = noisy.filter((step) => step.step !== 'noise' && step.step !== 'jpeg');
    const a = await runSynthPipeline(parseSynthPipeline(without), scene, 5);
    const b = await runSynthPipeline(parseSynthPipeline(noisy), scene, 5);
    const draws = (result: typeof a, id: string) => result.signature.steps.find((step) => step.id === id)!.draws;
    expect(draws(b, 'bracket')).toEqual(draws(a, 'bracket'));
    expect(draws(b, 'camera-curve')).toEqual(draws(a, 'camera-curve'));
  });
});
