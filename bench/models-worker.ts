/**
 * One backend of the models benchmark, in a process of its own. Prints one JSON line.
 * Usage: models-worker.ts BACKEND THREADS MODEL[:PRESET][@SIZE][/WxH][,...] STEPS
 * (SIZE: the square training crop, default 256; WxH: the predicted image, default 1024x512).
 */
import { crop, describeEngine, initEngine, readHdrFile, resize, type BackendChoice } from '@hdr-lab/core';
import { modelDefinition, resolveModelConfig, type TrainingBatch } from '@hdr-lab/models';
import { runSynthPipeline } from '@hdr-lab/datasets';
import * as tf from '@tensorflow/tfjs';
import { inputFromHdr } from '../experiments/src/train/input-from-hdr.js';
import { modelPipeline } from '../experiments/src/train/model-examples.js';
import type { ModelBenchRow as Row } from './models-row.js';

const [backend, threads, models, stepsText] = process.argv.slice(2);
const steps = Number(stepsText);
const info = await initEngine({ backend: backend as BackendChoice, threads: Number(threads) });
const { image } = await readHdrFile(new URL('../data/samples/GoldenGate.exr', import.meta.url).pathname);


/** Paper-size networks with random weights: the timing does not depend on the weights, and no file ships with the repository. */
const WITHOUT_WEIGHT_FILES: Record<string, Record<string, unknown>> = {
  'hybrid-loss-gan': { 'generator.init': 'random', 'loss.vgg.weights': { source: 'random-init', seed: 0 } },
};

/** Progress on stderr: a paper-size step can take minutes on a CPU backend. */
const progress = (line: string) => process.stderr.write(`  ${line}\n`);

const rows: Row[] = [];
for (const entry of models!.split(',')) {
  const [spec, sizes = '256'] = entry.split('@');
  const [id, preset = ''] = spec!.split(':');
  const [sizeText, predictText = '1024x512'] = sizes.split('/');
  const size = Number(sizeText);
  const [predictWidth, predictHeight] = predictText!.split('x').map(Number) as [number, number];
  const definition = modelDefinition(id!);
  const config = resolveModelConfig(definition, { ...(preset ? { preset } : {}), overrides: WITHOUT_WEIGHT_FILES[id!] ?? {} });
  const model = await definition.create(config, { seed: 0 });
  const row: Row = { model: id!, preset, predictSize: predictText!, trainMs: [], terms: [], predictMs: Number.NaN, parameters: Object.fromEntries(model.parameterCounts().map((c) => [c.network, c.trainable])) };
  const data = definition.data(config);
  try {
    const patch = crop(image, 200, 100, size, size);
    const { sample } = await runSynthPipeline(modelPipeline(data, id!), patch, 'bench');
    const example = data.example(sample, () => 0);
    const batch: TrainingBatch = Object.fromEntries(Object.entries(example).map(([name, array]) => [name, tf.tensor4d(array.data, [1, ...array.shape] as [number, number, number, number])]));
    for (let step = 0; step < steps + 1; step++) {
      const started = performance.now();
      const terms = model.trainStep(batch, step);
      const ms = performance.now() - started;
      if (step > 0) row.trainMs.push(ms);
      row.terms = Object.keys(terms);
      progress(`${entry}: ${step === 0 ? 'warm-up step' : `step ${step}/${steps}`} ${(ms / 1000).toFixed(2)} s`);
    }
    tf.dispose(Object.values(batch));
    // The papers' test frames (1500x1000, 1900x1060) are larger than the shipped samples: those are scaled up.
    const scene = predictWidth <= image.width && predictHeight <= image.height ? crop(image, 0, 0, predictWidth, predictHeight) : resize(image, predictWidth, predictHeight);
    const input = await inputFromHdr(model, data, scene, 'bench');
    let started = performance.now();
    await input.predict();
    progress(`${entry}: warm-up predict ${((performance.now() - started) / 1000).toFixed(2)} s`);
    started = performance.now();
    await input.predict();
    row.predictMs = performance.now() - started;
    progress(`${entry}: predict ${(row.predictMs / 1000).toFixed(2)} s`);
  } catch (error) {
    row.error = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  } finally {
    model.dispose();
  }
  rows.push(row);
}
process.stdout.write(`${JSON.stringify({ engine: describeEngine(info), threads: info.threads, rows })}\n`);
process.exit(0);
