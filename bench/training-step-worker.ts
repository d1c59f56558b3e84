/**
 * One tfjs configuration of the training-step benchmark, in a process of its own (a process runs one
 * backend with one thread count). Prints one JSON line.
 * Usage: training-step-worker.ts BACKEND THREADS SIZE:STEPS[,SIZE:STEPS...] WARMUP FORWARD_RUNS
 */
import * as tf from '@tensorflow/tfjs';
import { createReferenceNetwork, describeEngine, initEngine, timeReferenceTrainingStep, type BackendChoice } from '@hdr-lab/core';

const [backend, threads, schedule, warmUp, forwardRuns] = process.argv.slice(2);
const warmUpSteps = Number(warmUp);
const info = await initEngine({ backend: backend as BackendChoice, threads: Number(threads) });

const training = schedule!.split(',').map((entry) => {
  const [size, steps] = entry.split(':').map(Number);
  return timeReferenceTrainingStep({ size: size!, warmUpSteps, steps: steps! });
});

const network = createReferenceNetwork();
const image = tf.randomUniform([1, 512, 512, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
const forwardMs: number[] = [];
for (let run = 0; run < warmUpSteps + Number(forwardRuns); run++) {
  const start = performance.now();
  const output = network.predict(image);
  output.dataSync();
  output.dispose();
  if (run >= warmUpSteps) forwardMs.push(performance.now() - start);
}
process.stdout.write(`${JSON.stringify({ engine: describeEngine(info), threads: info.threads, training, forwardMs })}\n`);
